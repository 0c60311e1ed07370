/// What one kind of CSV import accepts: its fields, and the rules that span fields.
public struct ImportSpec: Sendable {
    /// The import log's kind (`sessions`, `outcomes`, …) and the staging table's suffix.
    public let kind: String
    public let fields: [FieldSpec]
    /// Groups of fields of which each row needs at least one (an id or an e-mail, say).
    public let oneOfRequired: [[String]]
    /// A field whose non-empty values must be unique within the file.
    public let uniqueField: String?

    public init(kind: String, fields: [FieldSpec], oneOfRequired: [[String]] = [], uniqueField: String? = nil) {
        self.kind = kind
        self.fields = fields
        self.oneOfRequired = oneOfRequired
        self.uniqueField = uniqueField
    }

    /// The temporary table the file is staged in.
    var stageTable: String { "stage_\(kind)" }
}
