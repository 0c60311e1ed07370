import MMDomain
import Foundation
import PostgresClient

/// A CSV file checked field by field and copied into a temporary staging table
/// (`pg_temp.stage_<kind>`: a `line` column plus one typed column per field, NULL where the file
/// has no value or a bad one). Problems are collected, not thrown, so the set-based checks
/// that follow can add theirs and everything is reported together.
public struct StagedFile {
    public let spec: ImportSpec
    public private(set) var rowsRead = 0
    public private(set) var problems: [ImportProblem] = []
    /// The file's header for each mapped field, for problem messages.
    public private(set) var headerOfField: [String: String] = [:]
    /// Columns no field uses.
    public private(set) var ignoredHeaders: [String] = []

    /// Reads `file`, validates it against `spec` and copies it into the staging table, inside
    /// the caller's transaction. Throws only for files that cannot be read at all.
    public static func stage(_ file: InputFile, spec: ImportSpec, delimiter: UInt8?, connection: PostgresConnection,
                             progress: ((Int) -> Void)? = nil) throws -> StagedFile {
        var staged = StagedFile(spec: spec)
        var reader = CSVReader(data: file.data, delimiter: delimiter)
        var cells: [CSVReader.Field] = []
        let headers: [String]
        do {
            guard try reader.nextRecord(into: &cells) != nil else {
                throw ImportRejected(file: file.name, problems: [ImportProblem(line: 1, column: nil, message: "the file is empty; it needs a header row")])
            }
            headers = cells.map { reader.string($0, trimmed: true) ?? "" }
        } catch let error as CSVReader.SyntaxError {
            throw ImportRejected(file: file.name, problems: [ImportProblem(line: error.line, column: nil, message: error.message)])
        }
        // Field index → file column, by the first header that spells it.
        var columnOfField = [Int?](repeating: nil, count: spec.fields.count)
        for (column, header) in headers.enumerated() {
            let normalized = RosterField.normalize(header)
            if let field = spec.fields.indices.first(where: { spec.fields[$0].aliases.contains(normalized) }),
               columnOfField[field] == nil {
                columnOfField[field] = column
                staged.headerOfField[spec.fields[field].name] = header
            } else {
                staged.ignoredHeaders.append(header)
            }
        }
        var missing: [ImportProblem] = []
        for (index, field) in spec.fields.enumerated() where field.required && columnOfField[index] == nil {
            missing.append(ImportProblem(line: 1, column: nil, message: "no column for \(field.name) (\(Self.spellings(field)))"))
        }
        for group in spec.oneOfRequired where !group.contains(where: { staged.headerOfField[$0] != nil }) {
            missing.append(ImportProblem(line: 1, column: nil, message: "no column for any of \(group.joined(separator: ", "))"))
        }
        if !missing.isEmpty { throw ImportRejected(file: file.name, problems: missing) }

        var create: SQLQuery = "CREATE TEMP TABLE \(identifier: spec.stageTable) (line integer NOT NULL"
        for field in spec.fields {
            // The type comes from FieldKind's closed set, never from the file.
            create = create + ", \(identifier: field.name) " + SQLQuery(stringLiteral: field.kind.sqlType)
        }
        try connection.execute(create + ") ON COMMIT DROP")
        let columnList = ["line"] + spec.fields.map(\.name)
        var seenKeys: [String: Int] = [:]
        let oneOfIndexes = spec.oneOfRequired.map { group in group.compactMap { name in spec.fields.firstIndex { $0.name == name } } }
        let uniqueIndex = spec.uniqueField.flatMap { name in spec.fields.firstIndex { $0.name == name } }
        try connection.copyIn("COPY pg_temp.\(identifier: spec.stageTable) (\(identifiers: columnList)) FROM STDIN") { writer in
            var rows = CopyTextEncoder()
            do {
                while let line = try reader.nextRecord(into: &cells) {
                    staged.rowsRead += 1
                    guard cells.count == headers.count else {
                        staged.problems.append(ImportProblem(line: line, column: nil,
                                                             message: "has \(cells.count) fields but the header has \(headers.count)"))
                        continue
                    }
                    rows.append(line)
                    var present = [Bool](repeating: false, count: spec.fields.count)
                    for (index, field) in spec.fields.enumerated() {
                        guard let column = columnOfField[index], !reader.isBlank(cells[column]) else {
                            if field.required {
                                staged.problems.append(ImportProblem(line: line, column: staged.headerOfField[field.name],
                                                                     message: "the \(field.name) is missing"))
                            }
                            rows.appendNull()
                            continue
                        }
                        guard let text = reader.string(cells[column], trimmed: field.kind.trims) else {
                            staged.problems.append(ImportProblem(line: line, column: headers[column],
                                                                 message: "is not valid UTF-8 text; save the file as UTF-8"))
                            rows.appendNull()
                            continue
                        }
                        switch field.parse(text) {
                        case .success(let value):
                            rows.append(value)
                            present[index] = true
                            if index == uniqueIndex {
                                if let first = seenKeys.updateValue(line, forKey: value) {
                                    seenKeys[value] = first
                                    staged.problems.append(ImportProblem(line: line, column: headers[column],
                                                                         message: "\(value) already appears on line \(first)"))
                                }
                            }
                        case .failure(let error):
                            staged.problems.append(ImportProblem(line: line, column: headers[column], message: error.message))
                            rows.appendNull()
                        }
                    }
                    for group in oneOfIndexes where !group.contains(where: { present[$0] }) {
                        let names = group.map { spec.fields[$0].name }
                        let column = names.lazy.compactMap { staged.headerOfField[$0] }.first
                        staged.problems.append(ImportProblem(line: line, column: column,
                                                             message: "needs a value in \(names.joined(separator: " or "))"))
                    }
                    rows.endRow()
                    if rows.isFull { try writer.send(&rows) }
                    if staged.rowsRead % 10_000 == 0 { progress?(staged.rowsRead) }
                }
            } catch let error as CSVReader.SyntaxError {
                staged.problems.append(ImportProblem(line: error.line, column: nil, message: error.message))
            }
            try writer.send(&rows)
        }
        progress?(staged.rowsRead)
        return staged
    }

    private init(spec: ImportSpec) {
        self.spec = spec
    }

    static func spellings(_ field: FieldSpec) -> String {
        "a header such as " + field.aliases.prefix(3).joined(separator: ", ")
    }

    /// Adds problems found by set-based checks; each row names its line, a field and a message.
    public mutating func addProblems(field: String?, _ rows: [(line: Int, message: String)]) {
        for row in rows {
            problems.append(ImportProblem(line: row.line, column: field.flatMap { headerOfField[$0] } ?? field, message: row.message))
        }
    }
}
