import MMCalendar
import MMDomain
import PostgresClient

/// The import log: one row per import that changed something.
public struct ImportLog {
    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Records an import of `kind` (`roster`, `cohorts`, …), started with the current
    /// transaction and run by this process's effective OS user; returns its id. `asOf` and
    /// `partial` describe a roster. `finish` stamps its end once its changes are written.
    public func write(kind: String, fileName: String, sha256: String, asOf: CalendarDate? = nil, partial: Bool = false,
                      counts: ImportCounts) throws -> Int {
        let importID = try connection.query("""
            INSERT INTO mm.import_log (kind, file_name, content_sha256, as_of, partial, rows_read, inserted, updated,
                                       reactivated, deactivated, unchanged, enrolled, warnings, started_at, os_user)
            VALUES (\(kind), \(fileName), \(sha256), \(asOf)::date, \(partial),
                    \(counts.rowsRead), \(counts.inserted), \(counts.updated), \(counts.reactivated), \(counts.deactivated),
                    \(counts.unchanged), \(counts.enrolled), \(counts.warnings.count), now(), \(EffectiveUser.name))
            RETURNING import_id
            """).first!.decode(Int.self, "import_id")
        // The audit trail and the rows the import creates take the number from here
        // (mm.current_import_id()), for this transaction only.
        try connection.execute("SELECT set_config('mmadmin.import_id', \(String(importID)), true)")
        try connection.execute("SELECT set_config('mmadmin.os_user', \(EffectiveUser.name), true)")
        return importID
    }

    /// Records when the import `importID` finished writing.
    public func finish(_ importID: Int) throws {
        try connection.execute("UPDATE mm.import_log SET finished_at = clock_timestamp() WHERE import_id = \(importID)")
    }

    /// The latest as-of date of an import of `kind` not undone, if any.
    public func latestAsOf(kind: String) throws -> CalendarDate? {
        try connection.query("""
            SELECT max(as_of) AS as_of FROM mm.import_log WHERE kind = \(kind) AND undone_at IS NULL
            """).first?.decode(CalendarDate?.self, "as_of")
    }

    /// The latest import of `kind` with the same content, as-of date and partial flag that was
    /// not undone, if any.
    public func sameImport(kind: String, sha256: String, asOf: CalendarDate?, partial: Bool) throws -> Int? {
        try connection.query("""
            SELECT import_id FROM mm.import_log
            WHERE kind = \(kind) AND content_sha256 = \(sha256) AND as_of IS NOT DISTINCT FROM \(asOf)::date
              AND partial = \(partial) AND undone_at IS NULL
            ORDER BY import_id DESC LIMIT 1
            """).first?.decode(Int.self, "import_id")
    }
}
