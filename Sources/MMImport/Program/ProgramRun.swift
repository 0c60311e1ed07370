import MMDomain
import MMStore
import PostgresClient

/// A program-data import in the pipeline: its spec's fields staged as they are, then its
/// store's checks and merge.
struct ProgramRun: ImportRun {
    let programKind: ProgramImportKind
    let mapping: FieldMapping
    let context: ValueContext
    let connection: PostgresConnection
    let store: ProgramImportStore

    init(_ kind: ProgramImportKind, headers: [String], mapping explicit: [MappingEntries.Entry], context: ValueContext,
         connection: PostgresConnection) throws(UnmappableHeaders) {
        programKind = kind
        mapping = try FieldMapping(headers: headers, spec: kind.spec, explicit: explicit)
        self.context = context
        self.connection = connection
        store = ProgramImportStore(kind, connection: connection)
    }

    var kind: String { programKind.rawValue }
    var ignoredHeaders: [String] { mapping.ignoredHeaders }

    func stage(_ file: InputFile) throws -> (StagingTable, FieldValidator) {
        let spec = programKind.spec
        let table = try StagingTable.create(store.stagingTable, columns: spec.stagingColumns, connection: connection)
        return (table, FieldValidator(spec: spec, mapping: mapping, context: context))
    }

    func check(_ validator: FieldValidator) throws -> [ImportProblem] {
        let spec = programKind.spec
        let absent = Set(spec.fields.indices.filter { mapping.columnOfField[$0] == nil }.map { spec.fields[$0].name })
        return try store.check(absentFields: absent).map(mapping.problem)
    }

    func changes(_ validator: FieldValidator, rowsRead: Int, stagedRows: Int) throws -> ImportCounts {
        var counts = try store.changes()
        counts.rowsRead = rowsRead
        return counts
    }

    func merge(_ changes: ImportCounts, importID: Int) throws {
        try store.merge()
    }
}
