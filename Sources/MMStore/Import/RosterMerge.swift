import MMCalendar
import PostgresClient

/// Writing a checked roster.
extension RosterStore {
    /// Writes the changes: new people, updated profiles, deactivations, and history periods.
    public func apply(asOf: CalendarDate, importID: Int, counts: ImportCounts) throws {
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
                                             manager_id, status, hire_date, left_on, import_id)
            SELECT employee_id, \(fragment: day), period_to, department, title, location, manager_id, status,
                   hire_date, left_on, \(importID)
            FROM \(fragment: Self.periods) AS p
            WHERE period_from IS NULL OR period_from < \(fragment: day)
            """)
    }

    /// The history periods this import starts: one per new or changed person, with the period
    /// it replaces (`period_from`, `period_to`) where there is one.
    private static let periods: SQLQuery = """
        (SELECT employee_id, period_from, coalesce(period_to, first_from) AS period_to, department, title,
                location, manager_id, status, hire_date, left_on
         FROM pg_temp.roster_change WHERE history_changed
         UNION ALL
         SELECT employee_id, valid_from, valid_to, department, title, location, manager_id, 'inactive', hire_date, left_on
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
                status = p.status, hire_date = p.hire_date, left_on = p.left_on, import_id = \(importID)
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

    /// Refreshes the planner's statistics after a bulk load (more rows changed than half the
    /// count the statistics last saw): the next import or report would otherwise plan its joins
    /// blind, before autovacuum gets round to it, and pay for setting every new row's hint
    /// bits. Routine monthly imports change a few per cent and leave this to autovacuum.
    public func refreshStatisticsIfStale(changedRows: Int) throws {
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
}
