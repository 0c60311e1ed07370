import MMCalendar
import MMDomain
import PostgresClient

/// One import as `mm.import_log` records it.
public struct ImportLogEntry: Sendable {
    /// The import kind (`roster`, `cohorts`, `enrollments`, `mentors`, `sessions`, `outcomes`).
    public let kind: String
    public let fileName: String
    public let sha256: String
    /// The day a roster describes; other kinds have none.
    public var asOf: CalendarDate?
    public var partial = false
    public var rowsRead = 0
    public var inserted = 0
    public var updated = 0
    public var reactivated = 0
    public var deactivated = 0
    public var unchanged = 0
    public var enrolled = 0
    public var warnings = 0

    public init(kind: String, fileName: String, sha256: String) {
        self.kind = kind
        self.fileName = fileName
        self.sha256 = sha256
    }
}

/// The import log: one row per import that changed something.
public struct ImportLog {
    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Records an import, started with the current transaction and run by this process's
    /// effective OS user; returns its id. `finish` stamps its end once its changes are written.
    public func write(_ entry: ImportLogEntry) throws -> Int {
        try connection.query("""
            INSERT INTO mm.import_log (kind, file_name, content_sha256, as_of, partial, rows_read, inserted, updated,
                                       reactivated, deactivated, unchanged, enrolled, warnings, started_at, os_user)
            VALUES (\(entry.kind), \(entry.fileName), \(entry.sha256), \(entry.asOf)::date, \(entry.partial),
                    \(entry.rowsRead), \(entry.inserted), \(entry.updated), \(entry.reactivated), \(entry.deactivated),
                    \(entry.unchanged), \(entry.enrolled), \(entry.warnings), now(), \(EffectiveUser.name))
            RETURNING import_id
            """).first!.decode(Int.self, "import_id")
    }

    /// Records when the import `importID` finished writing.
    public func finish(_ importID: Int) throws {
        try connection.execute("UPDATE mm.import_log SET finished_at = clock_timestamp() WHERE import_id = \(importID)")
    }

    /// The latest as-of date of an import of `kind`, if any.
    public func latestAsOf(kind: String) throws -> CalendarDate? {
        try connection.query("""
            SELECT max(as_of) AS as_of FROM mm.import_log WHERE kind = \(kind)
            """).first?.decode(CalendarDate?.self, "as_of")
    }

    /// The latest import of `kind` with the same content, as-of date and partial flag, if any.
    public func sameImport(kind: String, sha256: String, asOf: CalendarDate?, partial: Bool) throws -> Int? {
        try connection.query("""
            SELECT import_id FROM mm.import_log
            WHERE kind = \(kind) AND content_sha256 = \(sha256) AND as_of IS NOT DISTINCT FROM \(asOf)::date
              AND partial = \(partial)
            ORDER BY import_id DESC LIMIT 1
            """).first?.decode(Int.self, "import_id")
    }
}
