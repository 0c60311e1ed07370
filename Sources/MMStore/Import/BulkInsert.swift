import PostgresClient

/// An insert of many rows into one table inside an import's transaction: when the rows are
/// many against the rows stored, the table's secondary indexes are dropped before it and built
/// again after it (`mm.drop_secondary_indexes`, migration 0017), which costs a sort per index
/// instead of an index insertion per row and index. Readers of the table wait for the import's
/// commit meanwhile (dropping an index locks the table), so small inserts keep the indexes.
struct BulkInsert {
    let connection: PostgresConnection

    /// Fewer rows than this are always inserted with the indexes in place.
    static let minimumRows = 10_000
    /// Rebuilding sorts every stored row again; it pays when the new rows are at least this
    /// share of the stored ones (measured on mm.sessions: an index insertion costs about five
    /// times a row's share of a rebuild).
    static let minimumShareOfStored = 0.25

    /// Runs `insert`, which adds about `rows` rows to `mm.<table>`, with the table's secondary
    /// indexes built afterwards when that is cheaper.
    func run(into table: String, rows: Int, _ insert: () throws -> Void) throws {
        let stored = try connection.query("""
            SELECT greatest(reltuples, 0)::float8 AS stored FROM pg_class WHERE oid = to_regclass(\("mm.\(table)"))
            """).first?.decode(Double.self, "stored") ?? 0
        guard rows >= Self.minimumRows, Double(rows) >= Self.minimumShareOfStored * stored else {
            return try insert()
        }
        // Building a index sorts the whole table; the default 64 MB makes the sort spill to disk.
        try connection.execute("SELECT set_config('maintenance_work_mem', '512MB', true)")
        let rebuild = try connection.query("SELECT mm.drop_secondary_indexes(\("mm.\(table)")::regclass) AS rebuild")
            .first?.decode([String].self, "rebuild") ?? []
        try insert()
        try connection.execute("SELECT mm.build_indexes(\(rebuild)::text[])")
    }
}
