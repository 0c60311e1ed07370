import MMCalendar
import MMDomain
import PostgresClient

/// The roster import's SQL: its staging table, the checks against stored people, the
/// classification of each row (`RosterClassification.swift`) and the merge into `mm.employees` and
/// `mm.employee_history` (`RosterMerge.swift`). Runs inside the import's transaction.
public struct RosterStore {
    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// The staging table's columns after `line`, in the order rows are encoded; read it only
    /// until `computeChanges`, which may turn it into the table of changes.
    public static let stagingColumns = [
        StagingColumn("employee_id", .text, notNull: true), StagingColumn("email", .text, notNull: true),
        StagingColumn("given_name", .text), StagingColumn("family_name", .text), StagingColumn("department", .text),
        StagingColumn("title", .text), StagingColumn("location", .text), StagingColumn("manager_id", .text),
        StagingColumn("hire_date", .date), StagingColumn("status", .text, notNull: true), StagingColumn("left_on", .date),
    ]

    /// Creates the staging table.
    public func createStage() throws -> StagingTable {
        try StagingTable.create("roster_stage", columns: Self.stagingColumns, connection: connection)
    }

    /// Rows whose e-mail (case-insensitive) belongs to a different person already stored. Only
    /// new people and changed addresses can conflict (a stored address is unique), so this runs
    /// after `computeChanges`, one index lookup per such row rather than a pass over everyone.
    public func emailConflicts() throws -> [(line: Int, email: String, holder: String)] {
        try connection.query("""
            SELECT s.line, s.email, e.employee_id AS holder
            FROM pg_temp.roster_change AS s
            CROSS JOIN LATERAL (
                SELECT x.employee_id FROM mm.employees AS x
                WHERE lower(x.email) = lower(s.email) AND x.employee_id <> s.employee_id
                LIMIT 1
            ) AS e
            WHERE s.email_changed AND EXISTS (SELECT 1 FROM mm.employees) -- checked once: a first roster skips it all
            ORDER BY s.line
            """).rows.map { (try $0.decode(Int.self, "line"), try $0.decode(String.self, "email"),
                             try $0.decode(String.self, "holder")) }
    }

    /// Of `managerIDs` (managers the file names but does not list), those nobody stored has.
    public func unknownEmployees(_ managerIDs: [String]) throws -> Set<String> {
        guard !managerIDs.isEmpty else { return [] }
        return Set(try connection.query("""
            SELECT id FROM unnest(\(managerIDs)::text[]) AS id
            WHERE NOT EXISTS (SELECT 1 FROM mm.employees AS e WHERE e.employee_id = id)
            """).rows.map { try $0.decode(String.self, "id") })
    }

    /// The stored management chains above `managerIDs` (managers the file names but does not
    /// list), as employee → manager links, for finding cycles that run through the database.
    public func storedChains(above managerIDs: [String]) throws -> [String: String] {
        guard !managerIDs.isEmpty else { return [:] }
        var managers: [String: String] = [:]
        // UNION (not UNION ALL) ends the walk at people already reached, cycle or not.
        for row in try connection.query("""
            WITH RECURSIVE chain (employee_id, manager_id) AS (
                SELECT e.employee_id, e.manager_id FROM mm.employees AS e
                WHERE e.employee_id = ANY (\(managerIDs)::text[]) AND e.manager_id IS NOT NULL
                UNION
                SELECT e.employee_id, e.manager_id FROM chain AS c
                JOIN mm.employees AS e ON e.employee_id = c.manager_id
                WHERE e.manager_id IS NOT NULL
            )
            SELECT employee_id, manager_id FROM chain
            """).rows {
            managers[try row.decode(String.self, "employee_id")] = try row.decode(String.self, "manager_id")
        }
        return managers
    }

    /// People active on `asOf` before this import.
    public func activeCount(asOf: CalendarDate) throws -> Int {
        try connection.query("""
            SELECT count(*)::int AS n FROM mm.employee_history
            WHERE status = 'active' AND valid_from <= \(asOf)::date AND (valid_to IS NULL OR valid_to > \(asOf)::date)
            """).first?.decode(Int.self, "n") ?? 0
    }

    /// Up to `limit` example employee ids for each kind of change.
    public func samples(limit: Int) throws -> [(kind: String, employeeIDs: [String])] {
        try connection.query("""
            SELECT kind, (array_agg(employee_id ORDER BY line))[1:\(limit)] AS ids
            FROM (SELECT kind, employee_id, line FROM pg_temp.roster_change
                  UNION ALL
                  SELECT 'deactivated (missing from the file)', employee_id, 0 FROM pg_temp.roster_missing) AS changes
            GROUP BY kind ORDER BY kind
            """).rows.map { (try $0.decode(String.self, "kind"), try $0.decode([String].self, "ids")) }
    }
}
