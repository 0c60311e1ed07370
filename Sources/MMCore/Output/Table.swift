import Foundation

/// Rows for a list command, rendered as an aligned table, JSON or CSV.
public struct Table: Sendable {
    public var columns: [String]
    public var rows: [[String?]]

    public init(columns: [String], rows: [[String?]]) {
        self.columns = columns
        self.rows = rows
    }

    /// Columns padded to their widest value, a rule under the header; NULL shown as empty.
    public func aligned() -> String {
        var widths = columns.map(\.count)
        for row in rows {
            for (index, value) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], (value ?? "").count)
            }
        }
        func line(_ values: [String]) -> String {
            values.enumerated().map { index, value in
                index == values.count - 1 ? value : value.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        var lines = [line(columns), line(widths.map { String(repeating: "-", count: $0) })]
        lines += rows.map { row in line(row.map { Self.singleLine($0 ?? "") }) }
        return lines.joined(separator: "\n")
    }

    /// RFC 4180 CSV with a header. Values a spreadsheet would run as a formula (starting with
    /// `=`, `+`, `-`, `@`, tab or carriage return) are prefixed with `'`.
    public func csv() -> String {
        var out = columns.map(Self.csvField).joined(separator: ",") + "\r\n"
        for row in rows {
            out += row.map { Self.csvField(Self.defuseFormula($0 ?? "")) }.joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// A JSON array of objects keyed by column name; NULL as JSON null.
    public func json() -> String {
        let objects: [[String: Any]] = rows.map { row in
            var object: [String: Any] = [:]
            for (index, column) in columns.enumerated() {
                object[column] = index < row.count ? (row[index] as Any? ?? NSNull()) : NSNull()
            }
            return object
        }
        let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func defuseFormula(_ value: String) -> String {
        guard let first = value.first, "=+-@\t\r".contains(first) else { return value }
        // Plain negative numbers are data, not formulas.
        if first == "-", Double(value) != nil { return value }
        return "'" + value
    }

    static func singleLine(_ value: String) -> String {
        value.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
}
