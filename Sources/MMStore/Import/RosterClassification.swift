import MMCalendar
import PostgresClient

/// How each staged roster row compares with what is stored.
extension RosterStore {
    /// Classifies every staged row against the stored state as of `asOf` into
    /// `pg_temp.roster_change` (new and changed rows only), and (for a full snapshot) finds the
    /// active people the file leaves out (`pg_temp.roster_missing`). `latest`: the as-of date
    /// of the latest roster import, if any; `undatedLeavers`: whether some staged row is
    /// inactive without a termination date. Returns whether nobody was stored, so every staged
    /// row is new (a first roster).
    public func computeChanges(asOf: CalendarDate, latest: CalendarDate?, partial: Bool, undatedLeavers: Bool) throws -> Bool {
        try connection.execute("""
            CREATE TEMP TABLE roster_missing ON COMMIT DROP AS
            SELECT h.employee_id, h.valid_from, h.valid_to, h.department, h.title, h.location, h.manager_id,
                   h.hire_date, least(coalesce(h.left_on, \(asOf)::date), \(asOf)::date) AS left_on
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
                    SELECT e.employee_id, e.department, e.title, e.location, e.manager_id, e.status, e.hire_date, e.left_on,
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
                       h.employee_id IS NULL
                        OR h.department IS DISTINCT FROM s.department OR h.title IS DISTINCT FROM s.title
                        OR h.location IS DISTINCT FROM s.location OR h.manager_id IS DISTINCT FROM s.manager_id
                        OR h.status IS DISTINCT FROM s.status OR h.hire_date IS DISTINCT FROM s.hire_date
                        AS history_changed,
                       h.left_on AS period_left_on,
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
                   c.is_new, c.period_from, c.period_to, c.first_from, c.old_status,
                   c.history_changed OR c.period_left_on IS DISTINCT FROM c.new_left_on AS history_changed,
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
    public func counts(rowsRead: Int, firstRosterRows: Int?) throws -> ImportCounts {
        var counts = ImportCounts()
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
}
