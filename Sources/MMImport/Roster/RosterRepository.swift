import MMDomain
import MMCalendar
import Foundation
import PostgresClient

/// All SQL the roster import runs: staging, set-based checks, and the merge into
/// `mm.employees` and `mm.employee_history`. Runs inside the import's transaction.
struct RosterRepository {
    let connection: PostgresConnection

    /// The latest as-of date of a roster import, if any.
    func latestImport() throws -> CalendarDate? {
        try connection.query("""
            SELECT max(as_of) AS as_of FROM mm.import_log WHERE kind = 'roster'
            """).first?.decode(CalendarDate?.self, "as_of")
    }

    /// An earlier roster import of the same content for the same day, if any.
    func sameImport(sha256: String, asOf: CalendarDate, partial: Bool) throws -> Int? {
        try connection.query("""
            SELECT import_id FROM mm.import_log
            WHERE kind = 'roster' AND content_sha256 = \(sha256) AND as_of = \(asOf)::date AND partial = \(partial)
            ORDER BY import_id DESC LIMIT 1
            """).first?.decode(Int.self, "import_id")
    }

    /// Creates the staging table, with memory for a file of `fileBytes`. Read it only until
    /// `computeChanges`, which may turn it into the table of changes.
    func createStage(fileBytes: Int) throws {
        // The merge hashes whole rosters (with the default 4 MB its hash joins spill to disk), and
        // the staging tables hold the file about three times over (beyond temp_buffers they are
        // written out and read back). Both grow with the file, within bounds; memory is taken
        // only as it is used.
        let megabytes = fileBytes >> 20
        try connection.execute("SELECT set_config('work_mem', \("\(min(max(64, 2 * megabytes), 1024))MB"), true)")
        try connection.execute("SELECT set_config('temp_buffers', \("\(min(max(256, 4 * megabytes), 2048))MB"), true)")
        // The staging tables have no statistics, so the planner overestimates the merge's
        // statements and compiles them; at these sizes compiling costs more than it saves.
        try connection.execute("SELECT set_config('jit', 'off', true)")
        try connection.execute("""
            CREATE TEMP TABLE roster_stage (
                line integer NOT NULL, employee_id text NOT NULL, email text NOT NULL,
                given_name text, family_name text, department text, title text, location text,
                manager_id text, hire_date date, status text NOT NULL, left_on date
            ) ON COMMIT DROP
            """)
    }

    /// Streams the rows `body` writes into the staging table; returns how many were staged.
    func copyIntoStage(_ body: (CopyWriter) throws -> Void) throws -> Int {
        try connection.copyIn("""
            COPY pg_temp.roster_stage (line, employee_id, email, given_name, family_name, department, title,
                                       location, manager_id, hire_date, status, left_on) FROM STDIN
            """, body)
    }

    /// Rows whose e-mail (case-insensitive) belongs to a different person already stored. Only
    /// new people and changed addresses can conflict (a stored address is unique), so this runs
    /// after `computeChanges`, one index lookup per such row rather than a pass over everyone.
    func emailConflicts() throws -> [(line: Int, email: String, holder: String)] {
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
    func unknownEmployees(_ managerIDs: [String]) throws -> Set<String> {
        guard !managerIDs.isEmpty else { return [] }
        return Set(try connection.query("""
            SELECT id FROM unnest(\(managerIDs)::text[]) AS id
            WHERE NOT EXISTS (SELECT 1 FROM mm.employees AS e WHERE e.employee_id = id)
            """).rows.map { try $0.decode(String.self, "id") })
    }

    /// The stored management chains above `managerIDs` (managers the file names but does not
    /// list), as employee → manager links, for finding cycles that run through the database.
    func storedChains(above managerIDs: [String]) throws -> [String: String] {
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

    /// Classifies every staged row against the stored state as of `asOf` into
    /// `pg_temp.roster_change` (new and changed rows only), and (for a full snapshot) finds the
    /// active people the file leaves out (`pg_temp.roster_missing`). `latest`: the as-of date
    /// of the latest roster import, if any; `undatedLeavers`: whether some staged row is
    /// inactive without a termination date. Returns whether nobody was stored, so every staged
    /// row is new (a first roster).
    func computeChanges(asOf: CalendarDate, latest: CalendarDate?, partial: Bool, undatedLeavers: Bool) throws -> Bool {
        try connection.execute("""
            CREATE TEMP TABLE roster_missing ON COMMIT DROP AS
            SELECT h.employee_id, h.valid_from, h.valid_to, h.department, h.title, h.location, h.manager_id
            FROM mm.employee_history AS h
            WHERE \(!partial)
              AND h.status = 'active'
              AND h.valid_from <= \(asOf)::date AND (h.valid_to IS NULL OR h.valid_to > \(asOf)::date)
              AND NOT EXISTS (SELECT 1 FROM pg_temp.roster_stage AS s WHERE s.employee_id = h.employee_id)
            """)
        let nobodyStored = try connection.query("SELECT NOT EXISTS (SELECT 1 FROM mm.employees) AS empty")
            .first!.decode(Bool.self, "empty")
        if nobodyStored {
            try adoptStageAsChanges(asOf: asOf, undatedLeavers: undatedLeavers)
        } else {
            try classify(asOf: asOf, latest: latest)
        }
        return nobodyStored
    }

    /// A first roster: every row is new, so the staging table becomes the table of changes as
    /// it is (new columns with constant defaults cost no rewrite) instead of being copied.
    private func adoptStageAsChanges(asOf: CalendarDate, undatedLeavers: Bool) throws {
        try connection.execute("ALTER TABLE pg_temp.roster_stage RENAME TO roster_change")
        try connection.execute("""
            ALTER TABLE pg_temp.roster_change
                ADD COLUMN is_new boolean NOT NULL DEFAULT true, ADD COLUMN period_from date,
                ADD COLUMN period_to date, ADD COLUMN first_from date, ADD COLUMN old_status text,
                ADD COLUMN history_changed boolean NOT NULL DEFAULT true,
                ADD COLUMN email_changed boolean NOT NULL DEFAULT true,
                ADD COLUMN kind text NOT NULL DEFAULT 'inserted'
            """)
        // As in `classify`: someone inactive without a termination date left on the as-of date.
        if undatedLeavers {
            try connection.execute("""
                UPDATE pg_temp.roster_change SET left_on = \(asOf)::date WHERE status = 'inactive' AND left_on IS NULL
                """)
        }
    }

    /// Compares each staged row with the stored person and their period containing `asOf`.
    private func classify(asOf: CalendarDate, latest: CalendarDate?) throws {
        // The stored period containing `asOf`, as `h`. Usually that is everyone's open period,
        // whose values `mm.employees` repeats (`apply` writes both), so one join suffices and
        // the period's start is looked up for changed rows only. Only a backfill, dated before
        // the latest import, needs the history itself.
        let storedPeriod: SQLQuery
        if let latest, asOf < latest {
            storedPeriod = """
                LEFT JOIN mm.employee_history AS h
                       ON h.employee_id = s.employee_id AND h.valid_from <= \(asOf)::date
                      AND (h.valid_to IS NULL OR h.valid_to > \(asOf)::date)
                """
        } else {
            storedPeriod = """
                LEFT JOIN LATERAL (
                    SELECT e.employee_id, e.department, e.title, e.location, e.manager_id, e.status,
                           CASE WHEN e.employee_id IS NOT NULL THEN
                               (SELECT x.valid_from FROM mm.employee_history AS x
                                WHERE x.employee_id = e.employee_id AND x.valid_to IS NULL)
                           END AS valid_from,
                           NULL::date AS valid_to
                ) AS h ON true
                """
        }
        try connection.execute("""
            CREATE TEMP TABLE roster_change ON COMMIT DROP AS
            WITH compared AS (
                SELECT s.*,
                       e.employee_id IS NULL AS is_new,
                       h.valid_from AS period_from,
                       h.valid_to AS period_to,
                       h.status AS old_status,
                       CASE WHEN s.status = 'inactive'
                            THEN coalesce(s.left_on, CASE WHEN h.status = 'inactive' THEN e.left_on END, \(asOf)::date)
                            ELSE s.left_on END AS new_left_on,
                       (h.employee_id IS NULL
                        OR h.department IS DISTINCT FROM s.department OR h.title IS DISTINCT FROM s.title
                        OR h.location IS DISTINCT FROM s.location OR h.manager_id IS DISTINCT FROM s.manager_id
                        OR h.status IS DISTINCT FROM s.status) AS history_changed,
                       e.email AS old_email, e.given_name AS old_given_name, e.family_name AS old_family_name,
                       e.hire_date AS old_hire_date, e.left_on AS old_left_on,
                       CASE WHEN h.employee_id IS NULL AND e.employee_id IS NOT NULL THEN
                           (SELECT min(x.valid_from) FROM mm.employee_history AS x WHERE x.employee_id = s.employee_id)
                       END AS first_from
                FROM pg_temp.roster_stage AS s
                LEFT JOIN mm.employees AS e ON e.employee_id = s.employee_id
                \(fragment: storedPeriod)
            ),
            classified AS (
            SELECT c.line, c.employee_id, c.email, c.given_name, c.family_name, c.department, c.title,
                   c.location, c.manager_id, c.hire_date, c.status, c.new_left_on AS left_on,
                   c.is_new, c.period_from, c.period_to, c.first_from, c.old_status, c.history_changed,
                   c.old_email IS DISTINCT FROM c.email AS email_changed,
                   CASE
                       WHEN c.is_new THEN 'inserted'
                       WHEN c.old_status = 'inactive' AND c.status = 'active' THEN 'reactivated'
                       WHEN c.old_status = 'active' AND c.status = 'inactive' THEN 'deactivated'
                       WHEN c.history_changed
                         OR c.old_email IS DISTINCT FROM c.email OR c.old_given_name IS DISTINCT FROM c.given_name
                         OR c.old_family_name IS DISTINCT FROM c.family_name
                         OR c.old_hire_date IS DISTINCT FROM c.hire_date
                         OR c.old_left_on IS DISTINCT FROM c.new_left_on THEN 'updated'
                       ELSE 'unchanged'
                   END AS kind
            FROM compared AS c
            )
            -- Only changes are kept: in a monthly roster most rows are unchanged, and every later
            -- statement joins this table.
            SELECT * FROM classified WHERE kind <> 'unchanged'
            """)
    }

    /// Counts by kind of change; rows neither new nor changed are the unchanged ones. With
    /// `firstRosterRows` (every staged row new, nobody stored) nothing needs counting.
    func counts(rowsRead: Int, firstRosterRows: Int?) throws -> RosterCounts {
        var counts = RosterCounts()
        counts.rowsRead = rowsRead
        if let firstRosterRows {
            counts.inserted = firstRosterRows
            counts.unchanged = rowsRead - firstRosterRows
            return counts
        }
        var changedRows = 0
        for row in try connection.query("""
            SELECT kind, count(*)::int AS n FROM pg_temp.roster_change GROUP BY kind
            UNION ALL
            SELECT 'missing', count(*)::int FROM pg_temp.roster_missing
            """).rows {
            let n = try row.decode(Int.self, "n")
            let kind = try row.decode(String.self, "kind")
            if kind != "missing" { changedRows += n }
            switch kind {
            case "inserted": counts.inserted = n
            case "updated": counts.updated = n
            case "reactivated": counts.reactivated = n
            default: counts.deactivated += n
            }
        }
        counts.unchanged = rowsRead - changedRows
        return counts
    }

    /// People active on `asOf` before this import.
    func activeCount(asOf: CalendarDate) throws -> Int {
        try connection.query("""
            SELECT count(*)::int AS n FROM mm.employee_history
            WHERE status = 'active' AND valid_from <= \(asOf)::date AND (valid_to IS NULL OR valid_to > \(asOf)::date)
            """).first?.decode(Int.self, "n") ?? 0
    }

    /// Up to `limit` example employee ids for each kind of change.
    func samples(limit: Int) throws -> [(kind: String, employeeIDs: [String])] {
        try connection.query("""
            SELECT kind, (array_agg(employee_id ORDER BY line))[1:\(limit)] AS ids
            FROM (SELECT kind, employee_id, line FROM pg_temp.roster_change
                  UNION ALL
                  SELECT 'deactivated (missing from the file)', employee_id, 0 FROM pg_temp.roster_missing) AS changes
            GROUP BY kind ORDER BY kind
            """).rows.map { (try $0.decode(String.self, "kind"), try $0.decode([String].self, "ids")) }
    }

    /// Refreshes the planner's statistics after a bulk load (more rows changed than half the
    /// count the statistics last saw): the next import or report would otherwise plan its joins
    /// blind, before autovacuum gets round to it, and pay for setting every new row's hint
    /// bits. Routine monthly imports change a few per cent and leave this to autovacuum.
    func refreshStatisticsIfStale(changedRows: Int) throws {
        // The row count the statistics describe (-1: never analyzed).
        let described = try connection.query("""
            SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = 'mm.employees'::regclass
            """).first!.decode(Double.self, "n")
        guard Double(changedRows) * 2 > described else { return }
        // A small sample (3,000 rows instead of 30,000) is plenty for planning the imports'
        // joins on ids, and costs a fraction of the default.
        try connection.execute("SET LOCAL default_statistics_target = 10")
        try connection.execute("ANALYZE mm.employees, mm.employee_history")
        try connection.execute("RESET default_statistics_target")
    }

    /// Records the import; returns its id.
    func logImport(file: InputFile, asOf: CalendarDate, partial: Bool, counts: RosterCounts, osUser: String?) throws -> Int {
        try connection.query("""
            INSERT INTO mm.import_log (kind, file_name, content_sha256, as_of, partial, rows_read, inserted,
                                       updated, reactivated, deactivated, unchanged, started_at, finished_at, os_user)
            VALUES ('roster', \(file.name), \(file.sha256), \(asOf)::date, \(partial), \(counts.rowsRead),
                    \(counts.inserted), \(counts.updated), \(counts.reactivated), \(counts.deactivated),
                    \(counts.unchanged), now(), clock_timestamp(), \(osUser))
            RETURNING import_id
            """).first!.decode(Int.self, "import_id")
    }

    /// Writes the changes: new people, updated profiles, deactivations, and history periods.
    func apply(asOf: CalendarDate, importID: Int, counts: RosterCounts) throws {
        let day: SQLQuery = "\(asOf)::date"
        // Statements that can only touch stored people are skipped when none changed (a first
        // roster): each would read all the changes to find nothing.
        let storedPeopleChange = counts.updated + counts.reactivated + counts.deactivated > 0
        // New people.
        if counts.inserted > 0 {
            try connection.execute("""
                INSERT INTO mm.employees (employee_id, email, given_name, family_name, department, title, location,
                                          manager_id, hire_date, status, left_on)
                SELECT employee_id, email, given_name, family_name, department, title, location, manager_id,
                       hire_date, status, left_on
                FROM pg_temp.roster_change WHERE is_new
                """)
        }
        if storedPeopleChange {
            try updateStoredPeople(day: day, importID: importID)
        }
        try connection.execute("""
            INSERT INTO mm.employee_history (employee_id, valid_from, valid_to, department, title, location,
                                             manager_id, status, import_id)
            SELECT employee_id, \(fragment: day), period_to, department, title, location, manager_id, status, \(importID)
            FROM \(fragment: Self.periods) AS p
            WHERE period_from IS NULL OR period_from < \(fragment: day)
            """)
    }

    /// The history periods this import starts: one per new or changed person, with the period
    /// it replaces (`period_from`, `period_to`) where there is one.
    private static let periods: SQLQuery = """
        (SELECT employee_id, period_from, coalesce(period_to, first_from) AS period_to, department, title,
                location, manager_id, status
         FROM pg_temp.roster_change WHERE history_changed
         UNION ALL
         SELECT employee_id, valid_from, valid_to, department, title, location, manager_id, 'inactive'
         FROM pg_temp.roster_missing)
        """

    /// Updates stored people and cuts their history periods short where the new ones begin.
    private func updateStoredPeople(day: SQLQuery, importID: Int) throws {
        // Changed people whose change lands in their current (open) period. A backfill into the
        // past changes history only.
        try connection.execute("""
            UPDATE mm.employees AS e
            SET email = c.email, given_name = c.given_name, family_name = c.family_name,
                department = c.department, title = c.title, location = c.location, manager_id = c.manager_id,
                hire_date = c.hire_date, status = c.status, left_on = c.left_on, updated_at = now()
            FROM pg_temp.roster_change AS c
            WHERE e.employee_id = c.employee_id AND NOT c.is_new
              AND c.period_from IS NOT NULL AND c.period_to IS NULL
            """)
        try connection.execute("""
            UPDATE mm.employees AS e
            SET status = 'inactive', left_on = least(coalesce(e.left_on, \(fragment: day)), \(fragment: day)),
                updated_at = now()
            FROM pg_temp.roster_missing AS m
            WHERE e.employee_id = m.employee_id AND m.valid_to IS NULL
            """)
        // History. Every changed person gets a period starting at the as-of date: an existing
        // period starting that same day is overwritten; an earlier one is cut short there (the
        // caller inserts the new periods).
        try connection.execute("""
            UPDATE mm.employee_history AS h
            SET department = p.department, title = p.title, location = p.location, manager_id = p.manager_id,
                status = p.status, import_id = \(importID)
            FROM \(fragment: Self.periods) AS p
            WHERE h.employee_id = p.employee_id AND h.valid_from = p.period_from AND p.period_from = \(fragment: day)
            """)
        try connection.execute("""
            UPDATE mm.employee_history AS h
            SET valid_to = \(fragment: day)
            FROM \(fragment: Self.periods) AS p
            WHERE h.employee_id = p.employee_id AND h.valid_from = p.period_from AND p.period_from < \(fragment: day)
            """)
    }
}
