import MMStore

/// What one kind of CSV import accepts: its fields, and the rules that span fields.
public struct ImportSpec: Sendable {
    /// The fields staged for the store, one staging column each.
    public let fields: [FieldSpec]
    /// Columns read to fill staged fields, never staged themselves: the date of a time kept in
    /// its own column, a row's time zone, a yes/no column standing for a status.
    public let helpers: [FieldSpec]
    /// Groups of fields of which each row needs at least one (an id or an e-mail, say).
    public let oneOfRequired: [[String]]
    /// A field whose non-empty values must be unique within the file.
    public let uniqueField: String?
    /// For a timestamp field, the helper fields that may hold its date when the file keeps
    /// dates and times in separate columns (`Start Date`, `Start Time`), first mapped wins. When
    /// the timestamp field has no column but the first of these has, that column holds the
    /// whole date and time.
    public let dateColumns: [String: [String]]
    /// The helper field naming each row's time zone, for its times without an offset.
    public let timeZoneField: String?
    /// Yes/no helper fields that stand for a value of `statusField` (`Canceled` true means
    /// cancelled).
    public let statusFlags: [StatusFlag]
    public let statusField: String?

    /// A yes/no column meaning one status.
    public struct StatusFlag: Sendable {
        public let field: String
        public let status: String
    }

    public init(fields: [FieldSpec], helpers: [FieldSpec] = [], oneOfRequired: [[String]] = [],
                uniqueField: String? = nil, dateColumns: [String: [String]] = [:], timeZoneField: String? = nil,
                statusField: String? = nil, statusFlags: [StatusFlag] = []) {
        self.fields = fields
        self.helpers = helpers
        self.oneOfRequired = oneOfRequired
        self.uniqueField = uniqueField
        self.dateColumns = dateColumns
        self.timeZoneField = timeZoneField
        self.statusField = statusField
        self.statusFlags = statusFlags
    }

    /// Staged fields, then helpers: what a file's columns may be mapped to.
    public var mappableFields: [FieldSpec] { fields + helpers }

    /// The index in `mappableFields` of the field named `name`.
    func index(of name: String) -> Int? {
        mappableFields.firstIndex { $0.name == name }
    }

    /// The staging table's columns after `line`: one per field, NULL where the file has no
    /// value or a bad one.
    var stagingColumns: [StagingColumn] {
        fields.map { StagingColumn($0.name, $0.kind.stagingType) }
    }
}
