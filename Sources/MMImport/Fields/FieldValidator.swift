import MMDomain
import PostgresClient

/// Checks records field by field against an `ImportSpec` (required values, each field's kind,
/// groups needing one value, a unique field) and encodes them as staging rows: every record
/// becomes a row, NULL where a value is missing or bad, so the set-based checks can report on
/// it too.
struct FieldValidator: RowValidator {
    let spec: ImportSpec
    let mapping: FieldMapping
    private(set) var problems: [ImportProblem] = []
    /// The groups of `spec.oneOfRequired` and `spec.uniqueField`, as field indexes.
    private let oneOfIndexes: [[Int]]
    private let uniqueIndex: Int?
    /// Values of the unique field seen so far, with their lines.
    private var lineOfKey: [String: Int] = [:]

    init(spec: ImportSpec, mapping: FieldMapping) {
        self.spec = spec
        self.mapping = mapping
        oneOfIndexes = spec.oneOfRequired.map { group in group.compactMap { name in spec.fields.firstIndex { $0.name == name } } }
        uniqueIndex = spec.uniqueField.flatMap { name in spec.fields.firstIndex { $0.name == name } }
    }

    mutating func validate(line: Int, fields cells: [CSVReader.Field], reader: CSVReader, into rows: inout CopyTextEncoder) {
        rows.append(line)
        var present = [Bool](repeating: false, count: spec.fields.count)
        for (index, field) in spec.fields.enumerated() {
            guard let column = mapping.columnOfField[index], !reader.isBlank(cells[column]) else {
                if field.required {
                    problems.append(ImportProblem(line: line, column: mapping.headerOfField[field.name],
                                                  message: "the \(field.name) is missing"))
                }
                rows.appendNull()
                continue
            }
            let header = mapping.headers[column]
            guard let text = reader.string(cells[column], trimmed: field.kind.trims) else {
                problems.append(ImportProblem(line: line, column: header, message: "is not valid UTF-8 text; save the file as UTF-8"))
                rows.appendNull()
                continue
            }
            switch field.parse(text) {
            case .success(let value):
                rows.append(value)
                present[index] = true
                if index == uniqueIndex, let first = lineOfKey.updateValue(line, forKey: value) {
                    lineOfKey[value] = first
                    problems.append(ImportProblem(line: line, column: header, message: "\(value) already appears on line \(first)"))
                }
            case .failure(let error):
                problems.append(ImportProblem(line: line, column: header, message: error.message))
                rows.appendNull()
            }
        }
        for group in oneOfIndexes where !group.contains(where: { present[$0] }) {
            let names = group.map { spec.fields[$0].name }
            let column = names.lazy.compactMap { [mapping] in mapping.headerOfField[$0] }.first
            problems.append(ImportProblem(line: line, column: column, message: "needs a value in \(names.joined(separator: " or "))"))
        }
        rows.endRow()
    }
}
