import MMDomain
import MMStore

/// Which file column feeds which field of an `ImportSpec`: the first column whose header
/// spells the field.
struct FieldMapping {
    /// The header row (less surrounding spaces).
    let headers: [String]
    /// Field index → file column.
    let columnOfField: [Int?]
    /// Field name → the file's header for it, for problem messages.
    let headerOfField: [String: String]
    /// Columns no field uses.
    let ignoredHeaders: [String]

    /// Maps `headers` to `spec`'s fields; throws when a required field, or every field of a
    /// group needing one, has no column.
    init(headers: [String], spec: ImportSpec) throws(UnmappableHeaders) {
        self.headers = headers
        var columnOfField = [Int?](repeating: nil, count: spec.fields.count)
        var headerOfField: [String: String] = [:]
        var ignored: [String] = []
        for (column, header) in headers.enumerated() {
            let normalized = Spelling.normalize(header)
            if let field = spec.fields.indices.first(where: { spec.fields[$0].aliases.contains(normalized) }),
               columnOfField[field] == nil {
                columnOfField[field] = column
                headerOfField[spec.fields[field].name] = header
            } else {
                ignored.append(header)
            }
        }
        self.columnOfField = columnOfField
        self.headerOfField = headerOfField
        ignoredHeaders = ignored
        var missing: [ImportProblem] = []
        for (index, field) in spec.fields.enumerated() where field.required && columnOfField[index] == nil {
            missing.append(ImportProblem(line: 1, column: nil, message: "no column for \(field.name) (\(Self.spellings(field)))"))
        }
        for group in spec.oneOfRequired where !group.contains(where: { headerOfField[$0] != nil }) {
            missing.append(ImportProblem(line: 1, column: nil, message: "no column for any of \(group.joined(separator: ", "))"))
        }
        if !missing.isEmpty { throw UnmappableHeaders(problems: missing) }
    }

    private static func spellings(_ field: FieldSpec) -> String {
        "a header such as " + field.aliases.prefix(3).joined(separator: ", ")
    }

    /// The problem a set-based check found, located at the file's column for its field.
    func problem(_ found: StagedRowProblem) -> ImportProblem {
        ImportProblem(line: found.line, column: headerOfField[found.column] ?? found.column, message: found.message)
    }
}
