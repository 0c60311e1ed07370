import MMDomain
import MMStore

/// Which file column feeds which field of an `ImportSpec` (staged fields and helpers): the
/// column the user's mapping names, else the one column whose header spells the field. Two
/// columns that both spell one field stop the import, naming both, until the mapping decides.
struct FieldMapping {
    /// The header row (less surrounding spaces).
    let headers: [String]
    /// Field index (in `spec.mappableFields`) → file column.
    let columnOfField: [Int?]
    /// Field name → the file's header for it, for problem messages.
    let headerOfField: [String: String]
    /// Columns no field uses.
    let ignoredHeaders: [String]

    /// Maps `headers` to `spec`'s fields, `explicit` (from `MappingEntries`) first; throws when
    /// the mapping names a column the file lacks, when two columns could fill one field, or
    /// when a required field, or every field of a group needing one, has no column.
    init(headers: [String], spec: ImportSpec, explicit: [MappingEntries.Entry] = []) throws(UnmappableHeaders) {
        self.headers = headers
        let fields = spec.mappableFields
        let normalizedHeaders = headers.map(Spelling.normalize)
        var columnOfField = [Int?](repeating: nil, count: fields.count)
        var claimed = Set<Int>()
        var problems: [ImportProblem] = []
        var decided = Set<Int>()

        for entry in explicit {
            guard let field = spec.index(of: entry.field) else {
                problems.append(ImportProblem(line: 1, column: nil, message: "the mapping names an unknown field \"\(entry.field)\""))
                continue
            }
            let normalized = Spelling.normalize(entry.header)
            guard let column = headers.firstIndex(of: entry.header)
                    ?? (normalized.isEmpty ? nil : normalizedHeaders.firstIndex(of: normalized)) else {
                problems.append(ImportProblem(line: 1, column: nil,
                                              message: "the mapping names a column \(HeaderText.quoted(entry.header)) that the file does not have"))
                continue
            }
            if let other = columnOfField.firstIndex(of: column) {
                problems.append(ImportProblem(line: 1, column: headers[column],
                                              message: "the mapping gives this column to both \(fields[other].name) and \(entry.field)"))
                continue
            }
            columnOfField[field] = column
            claimed.insert(column)
            decided.insert(field)
        }

        // The built-in spellings: each unclaimed column goes to the first field spelling it.
        var candidates = [[Int]](repeating: [], count: fields.count)
        for (column, normalized) in normalizedHeaders.enumerated() where !claimed.contains(column) && !normalized.isEmpty {
            if let field = fields.indices.first(where: { !decided.contains($0) && fields[$0].aliases.contains(normalized) }) {
                candidates[field].append(column)
            }
        }
        for (field, columns) in candidates.enumerated() where !columns.isEmpty {
            if columns.count == 1 {
                columnOfField[field] = columns[0]
            } else {
                let named = columns.map { HeaderText.quoted(headers[$0]) }
                problems.append(ImportProblem(
                    line: 1, column: nil,
                    message: "the columns \(named.dropLast().joined(separator: ", ")) and \(named.last!) could each be the \(fields[field].name); the import stops rather than guess",
                    remedy: .chooseColumn(field: fields[field].name, headers: columns.map { headers[$0] })))
            }
        }

        // A date-and-time kept in the date column alone (`Start Date` = `2026-11-24 10:00`).
        for (timestamp, dateFields) in spec.dateColumns {
            guard let field = spec.index(of: timestamp), columnOfField[field] == nil,
                  let dateField = dateFields.first.flatMap(spec.index(of:)), let column = columnOfField[dateField] else { continue }
            columnOfField[field] = column
            columnOfField[dateField] = nil
        }

        var headerOfField: [String: String] = [:]
        for (field, column) in columnOfField.enumerated() {
            if let column { headerOfField[fields[field].name] = headers[column] }
        }
        self.columnOfField = columnOfField
        self.headerOfField = headerOfField
        let used = Set(columnOfField.compactMap { $0 })
        ignoredHeaders = headers.indices.filter { !used.contains($0) }.map { headers[$0] }

        if problems.isEmpty {
            for (index, field) in spec.fields.enumerated() where field.required && columnOfField[index] == nil {
                problems.append(ImportProblem(line: 1, column: nil, message: "no column for \(field.name) (\(Self.spellings(field)))",
                                              remedy: .mapHeader(field: field.name)))
            }
            for group in spec.oneOfRequired where !group.contains(where: { headerOfField[$0] != nil }) {
                problems.append(ImportProblem(line: 1, column: nil, message: "no column for any of \(group.joined(separator: ", "))"))
            }
        }
        if !problems.isEmpty { throw UnmappableHeaders(problems: problems) }
    }

    private static func spellings(_ field: FieldSpec) -> String {
        "a header such as " + field.aliases.prefix(3).joined(separator: ", ")
    }

    /// The column of the field named `name`, if the file has one.
    func column(of name: String, in spec: ImportSpec) -> Int? {
        spec.index(of: name).flatMap { columnOfField[$0] }
    }

    /// The problem a set-based check found, located at the file's column for its field.
    func problem(_ found: StagedRowProblem) -> ImportProblem {
        ImportProblem(line: found.line, column: headerOfField[found.column] ?? found.column, message: found.message)
    }
}

/// Headers as problem messages show them: quoted, control characters escaped, long ones cut,
/// so a hostile header cannot restyle a terminal or flood it.
enum HeaderText {
    static let longest = 80

    static func quoted(_ header: String) -> String {
        var shown = ""
        for scalar in header.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format {
                shown += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        if shown.count > longest { shown = String(shown.prefix(longest)) + "…" }
        return "\"" + shown + "\""
    }
}
