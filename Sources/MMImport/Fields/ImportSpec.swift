import MMStore

/// What one kind of CSV import accepts: its fields, and the rules that span fields.
public struct ImportSpec: Sendable {
    public let fields: [FieldSpec]
    /// Groups of fields of which each row needs at least one (an id or an e-mail, say).
    public let oneOfRequired: [[String]]
    /// A field whose non-empty values must be unique within the file.
    public let uniqueField: String?

    public init(fields: [FieldSpec], oneOfRequired: [[String]] = [], uniqueField: String? = nil) {
        self.fields = fields
        self.oneOfRequired = oneOfRequired
        self.uniqueField = uniqueField
    }

    /// The staging table's columns after `line`: one per field, NULL where the file has no
    /// value or a bad one.
    var stagingColumns: [StagingColumn] {
        fields.map { StagingColumn($0.name, $0.kind.stagingType) }
    }
}
