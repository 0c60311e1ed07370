import Foundation
import MMDomain
import PostgresClient

/// Checks records field by field against an `ImportSpec` (required values, each field's kind,
/// groups needing one value, a unique field, the helpers: a time's own date column, the row's
/// time zone, yes/no columns standing for a status) and encodes them as staging rows: every
/// record becomes a row, NULL where a value is missing or bad, so the set-based checks can
/// report on it too.
struct FieldValidator: RowValidator {
    let spec: ImportSpec
    let mapping: FieldMapping
    /// The file's date format and the import's time zone.
    let context: ValueContext
    private(set) var problems: [ImportProblem] = []
    /// The groups of `spec.oneOfRequired` and `spec.uniqueField`, as field indexes.
    private let oneOfIndexes: [[Int]]
    private let uniqueIndex: Int?
    /// Values of the unique field seen so far, with their lines.
    private var lineOfKey: [String: Int] = [:]
    /// Staged timestamp field → the column holding its date.
    private let dateColumnOfField: [Int: Int]
    private let zoneColumn: Int?
    private let statusIndex: Int?
    /// The status flags the file has: column and the status a yes there means.
    private let flagColumns: [(column: Int, status: String)]
    /// Zones named in the file so far (nil: not a zone), so each name is looked up once.
    private var zones: [String: TimeZone?] = [:]

    init(spec: ImportSpec, mapping: FieldMapping, context: ValueContext = ValueContext()) {
        self.spec = spec
        self.mapping = mapping
        self.context = context
        oneOfIndexes = spec.oneOfRequired.map { group in group.compactMap { name in spec.fields.firstIndex { $0.name == name } } }
        uniqueIndex = spec.uniqueField.flatMap { name in spec.fields.firstIndex { $0.name == name } }
        var dateColumns: [Int: Int] = [:]
        for (timestamp, dateFields) in spec.dateColumns {
            if let field = spec.fields.firstIndex(where: { $0.name == timestamp }), mapping.columnOfField[field] != nil,
               let column = dateFields.lazy.compactMap({ mapping.column(of: $0, in: spec) }).first {
                dateColumns[field] = column
            }
        }
        dateColumnOfField = dateColumns
        zoneColumn = spec.timeZoneField.flatMap { mapping.column(of: $0, in: spec) }
        statusIndex = spec.statusField.flatMap { name in spec.fields.firstIndex { $0.name == name } }
        flagColumns = spec.statusFlags.compactMap { flag in mapping.column(of: flag.field, in: spec).map { ($0, flag.status) } }
    }

    mutating func validate(line: Int, fields cells: [CSVReader.Field], reader: CSVReader, into rows: inout CopyTextEncoder) {
        var values = [String?](repeating: nil, count: spec.fields.count)
        var rowContext = context
        let zoneKnown = rowZone(line: line, cells: cells, reader: reader, into: &rowContext)
        for (index, field) in spec.fields.enumerated() {
            guard let column = mapping.columnOfField[index], !reader.isBlank(cells[column]) else {
                if let dateColumn = dateColumnOfField[index], !reader.isBlank(cells[dateColumn]) {
                    problems.append(ImportProblem(line: line, column: mapping.headerOfField[field.name] ?? mapping.headers[dateColumn],
                                                  message: "the \(field.name) has a date but no time of day"))
                } else if field.required {
                    problems.append(ImportProblem(line: line, column: mapping.headerOfField[field.name],
                                                  message: "the \(field.name) is missing"))
                }
                continue
            }
            let header = mapping.headers[column]
            guard var text = reader.string(cells[column], trimmed: field.kind.trims) else {
                problems.append(ImportProblem(line: line, column: header, message: "is not valid UTF-8 text; save the file as UTF-8"))
                continue
            }
            if let dateColumn = dateColumnOfField[index] {
                guard !reader.isBlank(cells[dateColumn]) else {
                    problems.append(ImportProblem(line: line, column: mapping.headers[dateColumn],
                                                  message: "the \(field.name) has a time of day but no date"))
                    continue
                }
                guard let date = reader.string(cells[dateColumn], trimmed: true) else {
                    problems.append(ImportProblem(line: line, column: mapping.headers[dateColumn],
                                                  message: "is not valid UTF-8 text; save the file as UTF-8"))
                    continue
                }
                text = date + " " + text
            }
            if case .timestamp = field.kind, !zoneKnown { continue } // reported at the zone's column
            switch field.parse(text, context: rowContext) {
            case .success(let value):
                values[index] = value
                if index == uniqueIndex, let first = lineOfKey.updateValue(line, forKey: value) {
                    lineOfKey[value] = first
                    problems.append(ImportProblem(line: line, column: header, message: "\(value) already appears on line \(first)"))
                }
            case .failure(let error):
                problems.append(ImportProblem(line: line, column: header, message: error.message, remedy: error.remedy))
            }
        }
        applyStatusFlags(line: line, cells: cells, reader: reader, to: &values)
        // A time left out for a bad zone is reported at the zone's column only.
        for group in oneOfIndexes where !group.contains(where: { values[$0] != nil })
            && (zoneKnown || !group.contains(where: { spec.fields[$0].kind.isTimestamp })) {
            let names = group.map { spec.fields[$0].name }
            let column = names.lazy.compactMap { [mapping] in mapping.headerOfField[$0] }.first
            problems.append(ImportProblem(line: line, column: column, message: "needs a value in \(names.joined(separator: " or "))"))
        }
        rows.append(line)
        for value in values {
            if let value { rows.append(value) } else { rows.appendNull() }
        }
        rows.endRow()
    }

    /// Sets `context`'s zone from the row's time-zone cell, if the file has one and it is not
    /// empty; false (with the problem recorded) when the cell names no zone.
    private mutating func rowZone(line: Int, cells: [CSVReader.Field], reader: CSVReader, into context: inout ValueContext) -> Bool {
        guard let zoneColumn, !reader.isBlank(cells[zoneColumn]) else { return true }
        let header = mapping.headers[zoneColumn]
        guard let name = reader.string(cells[zoneColumn], trimmed: true) else {
            problems.append(ImportProblem(line: line, column: header, message: "is not valid UTF-8 text; save the file as UTF-8"))
            return false
        }
        let zone: TimeZone?
        if let known = zones[name] {
            zone = known
        } else {
            zone = ImportTimeZone.named(name)
            if zones.count < 1_000 { zones[name] = zone }
        }
        guard let zone else {
            problems.append(ImportProblem(line: line, column: header,
                                          message: "\(HeaderText.quoted(name)) is not a time zone name (an IANA name such as America/New_York or UTC)"))
            return false
        }
        context.timeZone = zone
        return true
    }

    private static let yesNo = FieldSpec("yes_no", .boolean)

    /// Yes/no columns standing for a status (`Canceled`, `No-show`): a yes sets the status when
    /// the file has no status of its own; two yeses, or a status column saying otherwise, are
    /// problems of the line.
    private mutating func applyStatusFlags(line: Int, cells: [CSVReader.Field], reader: CSVReader, to values: inout [String?]) {
        guard let statusIndex, !flagColumns.isEmpty else { return }
        var marked: [(header: String, text: String, yes: Bool, status: String)] = []
        for (column, status) in flagColumns where !reader.isBlank(cells[column]) {
            let header = mapping.headers[column]
            guard let text = reader.string(cells[column], trimmed: true) else {
                problems.append(ImportProblem(line: line, column: header, message: "is not valid UTF-8 text; save the file as UTF-8"))
                continue
            }
            switch Self.yesNo.parse(text) {
            case .success(let value): marked.append((header, text, value == "t", status))
            case .failure(let error): problems.append(ImportProblem(line: line, column: header, message: error.message))
            }
        }
        let yes = marked.filter(\.yes)
        if yes.count > 1 {
            problems.append(ImportProblem(line: line, column: yes[0].header, message:
                "marks the session \(yes[0].status) and \(HeaderText.quoted(yes[1].header)) marks it \(yes[1].status); it can only be one"))
            values[statusIndex] = nil
            return
        }
        guard let stated = values[statusIndex] else {
            if let flag = yes.first { values[statusIndex] = flag.status }
            return
        }
        let statusHeader = mapping.headerOfField[spec.fields[statusIndex].name].map(HeaderText.quoted) ?? "the status"
        for flag in marked where flag.yes != (stated == flag.status) {
            problems.append(ImportProblem(line: line, column: flag.header, message:
                "says \(flag.text), which contradicts the status \(stated) in \(statusHeader)"))
        }
    }
}
