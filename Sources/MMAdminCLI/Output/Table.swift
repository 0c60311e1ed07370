import MMDomain
import Foundation
import MMCalendar
import MMReport
import MMStore

/// One value of an output table, typed so that JSON keeps numbers as numbers and booleans as
/// booleans while the aligned table and CSV show what people read.
enum Cell: Sendable, Equatable {
    case null
    case text(String)
    case integer(Int)
    case number(Double)
    /// A number people read to a fixed number of decimals (scores); JSON gets it whole.
    case fixed(Double, decimals: Int)
    case boolean(Bool)
    case date(CalendarDate)
    case timestamp(Date)

    init(_ text: String?) { self = text.map(Cell.text) ?? .null }
    init(_ value: Int?) { self = value.map(Cell.integer) ?? .null }
    init(_ value: CalendarDate?) { self = value.map(Cell.date) ?? .null }

    init(_ value: StoredValue) {
        switch value {
        case .null: self = .null
        case .boolean(let value): self = .boolean(value)
        case .integer(let value): self = .integer(value)
        case .number(let value): self = .number(value)
        case .text(let value): self = .text(value)
        case .date(let value): self = .date(value)
        case .timestamp(let value): self = .timestamp(value)
        }
    }

    /// How the value reads in a table or CSV cell; NULL is empty.
    var text: String {
        switch self {
        case .null: return ""
        case .text(let value): return value
        case .integer(let value): return String(value)
        case .number(let value): return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .fixed(let value, let decimals): return String(format: "%.\(decimals)f", value)
        case .boolean(let value): return value ? "yes" : "no"
        case .date(let value): return value.description
        case .timestamp(let value): return Self.minuteFormat(value)
        }
    }

    /// The JSON value: numbers and booleans typed, dates and times as ISO 8601 strings.
    var json: Any {
        switch self {
        case .null: return NSNull()
        case .text(let value): return value
        case .integer(let value): return value
        case .number(let value), .fixed(let value, _): return value.isFinite ? value : NSNull()
        case .boolean(let value): return value
        case .date(let value): return value.description
        case .timestamp(let value): return Self.isoFormat(value)
        }
    }

    /// "2026-11-03 14:00Z": session times are recorded to the minute, in UTC.
    private static func minuteFormat(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let day = CalendarDate(daysSinceEpoch: Int((Double(seconds) / 86_400).rounded(.down)))
        let secondOfDay = seconds - day.daysSinceEpoch * 86_400
        return "\(day) " + String(format: "%02d:%02d", secondOfDay / 3600, secondOfDay / 60 % 60) + "Z"
    }

    private static func isoFormat(_ instant: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: instant)
    }
}

/// Rows for a list command, rendered as an aligned table, JSON or CSV.
struct Table: Sendable {
    var columns: [String]
    var rows: [[Cell]]

    init(columns: [String], rows: [[Cell]]) {
        self.columns = columns
        self.rows = rows
    }

    /// Columns padded to their widest value, a rule under the header; NULL shown as empty.
    func aligned() -> String {
        let texts = rows.map { $0.map { Self.singleLine($0.text) } }
        var widths = columns.map(\.count)
        for row in texts {
            for (index, value) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], value.count)
            }
        }
        func line(_ values: [String]) -> String {
            values.enumerated().map { index, value in
                index == values.count - 1 ? value : value.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        let lines = [line(columns), line(widths.map { String(repeating: "-", count: $0) })] + texts.map(line)
        return lines.joined(separator: "\n")
    }

    /// RFC 4180 CSV with a header; values a spreadsheet would run as a formula are prefixed
    /// with `'` (`CSVText`, the rule of every CSV mmadmin writes).
    func csv() -> String {
        CSVText.document(header: columns, rows: rows.map { $0.map(\.text) })
    }

    /// A JSON array of objects keyed by column name; NULL as JSON null.
    func json() -> String {
        let objects: [[String: Any]] = rows.map { row in
            var object: [String: Any] = [:]
            for (index, column) in columns.enumerated() {
                object[column] = index < row.count ? row[index].json : NSNull()
            }
            return object
        }
        let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// One line of a terminal table: no line breaks, escape sequences or bidi controls.
    static func singleLine(_ value: String) -> String {
        Formatting.visible(value)
    }
}

extension Cell: ExpressibleByStringLiteral {
    init(stringLiteral value: String) { self = .text(value) }
}
