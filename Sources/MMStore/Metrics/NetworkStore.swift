import MMCalendar
import MMDomain
import PostgresClient

/// What the network refresh reads and writes: the completed sessions with both people's
/// departments, the tie cache (`mm.network_ties`, migration 0010), the stale mark
/// (`mm.metrics_state`, migration 0005) and the stored figures (`mm_metrics.network_monthly`).
///
/// Sessions and ties are handed to a closure row by row rather than returned as arrays: a
/// refresh reads about a million of them, and the caller keeps only dense numbers.
public final class NetworkStore: ConnectionBound {
    /// A pair's first completed session month, as cached.
    public struct CachedTie: Sendable, Equatable {
        public var personA: String
        public var personB: String
        public var firstMonth: CalendarDate

        public init(personA: String, personB: String, firstMonth: CalendarDate) {
            self.personA = personA
            self.personB = personB
            self.firstMonth = firstMonth
        }
    }

    /// A completed session with both people's departments as of its day (nil: unknown).
    public struct PlacedSession: Sendable, Equatable {
        public var mentorID: String
        public var menteeID: String
        public var day: CalendarDate
        public var mentorDepartment: String?
        public var menteeDepartment: String?
    }

    /// How stale the stored figures are.
    public struct Staleness: Sendable, Equatable {
        /// The earliest day a change since the last refresh can affect; nil when nothing changed,
        /// 0001-01-01 when everything is stale (never refreshed, or a rebuild pending).
        public var staleFrom: CalendarDate?
        /// The last month with stored figures, if any.
        public var lastStoredMonth: CalendarDate?
    }

    /// Runs `body` in one transaction that first takes the refresh lock, so concurrent refreshes
    /// run one after the other and each sees what the one before it committed.
    public func exclusively<T>(_ body: () throws -> T) throws -> T {
        try connection.transaction {
            try connection.execute("SELECT pg_advisory_xact_lock(\(Self.refreshLock))")
            // Placing sessions in the roster sorts every person's first history period; with
            // the default 4 MB those sorts went to disk.
            try connection.execute("SELECT set_config('work_mem', '64MB', true)")
            return try body()
        }
    }

    /// The advisory lock key of refreshes ("mmmetr").
    static let refreshLock = 0x6D6D_6D65_7472

    /// The month of the first session that took place or was called off (UTC); nil without one.
    public func firstSessionMonth() throws -> CalendarDate? {
        try connection.query("""
            SELECT date_trunc('month', min(started_at) AT TIME ZONE 'UTC')::date AS first_month
            FROM mm.sessions WHERE status <> 'scheduled'
            """).first?.decode(CalendarDate?.self, "first_month")
    }

    /// The stale mark and the last stored month.
    public func staleness() throws -> Staleness {
        guard let row = try connection.query("""
            SELECT CASE WHEN dirty_from = '-infinity' THEN '0001-01-01'::date ELSE dirty_from END AS dirty_from,
                   (SELECT max(month) FROM mm_metrics.network_monthly) AS stored_last
            FROM mm.metrics_state WHERE name = 'network_monthly'
            """).first else { return Staleness() }
        return Staleness(staleFrom: try row.decode(CalendarDate?.self, "dirty_from"),
                         lastStoredMonth: try row.decode(CalendarDate?.self, "stored_last"))
    }

    /// Whether this server takes no writes: a hot standby (streaming replica) or a session
    /// that is read-only by default.
    public func serverIsReadOnly() throws -> Bool {
        try connection.query("""
            SELECT pg_is_in_recovery() OR current_setting('default_transaction_read_only')::boolean AS read_only
            """).first!.decode(Bool.self, "read_only")
    }

    /// Records that the stored figures are current.
    public func markRefreshed() throws {
        try connection.execute("UPDATE mm.metrics_state SET dirty_from = NULL, refreshed_at = now() WHERE name = 'network_monthly'")
    }

    /// Deletes every stored month.
    public func removeAllFigures() throws {
        try connection.execute("DELETE FROM mm_metrics.network_monthly")
    }

    /// Deletes the stored months from `month` on and those after `last`.
    public func removeFigures(from month: CalendarDate, orAfter last: CalendarDate) throws {
        try connection.execute("""
            DELETE FROM mm_metrics.network_monthly WHERE month >= \(month)::date OR month > \(last)::date
            """)
    }

    /// Stores computed months (after `removeFigures` made room for them).
    public func storeFigures(_ months: [NetworkMonth]) throws {
        try connection.copyIn("""
            COPY mm_metrics.network_monthly (month, new_ties, cumulative_ties, cross_department_share, avg_degree, components,
                                             largest_component_share, mean_two_hop_reach, avg_distinct_mentors_12m,
                                             avg_network_breadth_12m) FROM STDIN
            """) { writer in
            for figures in months {
                try writer.writeRow([
                    CalendarDate(monthIndex: figures.month).description, String(figures.newTies), String(figures.cumulativeTies),
                    figures.crossDepartmentShare.map { String($0) }, figures.averageDegree.map { String($0) },
                    String(figures.components), figures.largestComponentShare.map { String($0) },
                    figures.meanTwoHopReach.map { String($0) }, figures.averageDistinctMentors12m.map { String($0) },
                    figures.averageNetworkBreadth12m.map { String($0) },
                ])
            }
        }
    }

    /// Calls `body` with each cached tie whose first month is before `month`.
    public func cachedTies(before month: CalendarDate, _ body: (CachedTie) throws -> Void) throws {
        for row in try connection.query("""
            SELECT person_a, person_b, to_char(first_month, 'YYYY-MM-DD') AS first_month FROM mm.network_ties
            WHERE first_month < \(month)::date
            """).rows {
            guard let personA = row[0], let personB = row[1], let firstMonth = row[2].flatMap({ CalendarDate(iso: $0) }) else {
                throw Self.unexpected("mm.network_ties")
            }
            try body(CachedTie(personA: personA, personB: personB, firstMonth: firstMonth))
        }
    }

    /// Replaces the cached ties from `month` on (all of them when nil) with `ties`.
    public func replaceTies(from month: CalendarDate?, with ties: some Sequence<CachedTie>) throws {
        if let month {
            try connection.execute("DELETE FROM mm.network_ties WHERE first_month >= \(month)::date")
        } else {
            try connection.execute("TRUNCATE mm.network_ties")
        }
        try connection.copyIn("COPY mm.network_ties (person_a, person_b, first_month) FROM STDIN") { writer in
            var rows = CopyTextEncoder()
            for tie in ties {
                rows.append(tie.personA)
                rows.append(tie.personB)
                rows.append(tie.firstMonth)
                rows.endRow()
                if rows.isFull { try writer.send(&rows) }
            }
            try writer.send(&rows)
        }
    }

    /// Calls `body` with each completed session from `month` on (all of them when nil), in time
    /// order (then mentor, mentee), so a pair's first session comes first. Departments are as of
    /// the session's day (`mm.completed_sessions_placed`, migration 0006).
    public func completedSessions(from month: CalendarDate?, _ body: (PlacedSession) throws -> Void) throws {
        for row in try connection.query("""
            SELECT mentor_id, mentee_id, to_char(day, 'YYYY-MM-DD') AS day, mentor_department, mentee_department
            FROM mm.completed_sessions_placed
            WHERE started_at >= coalesce(\(month)::date::timestamp AT TIME ZONE 'UTC', '-infinity')
            ORDER BY started_at, mentor_id, mentee_id
            """).rows {
            guard let mentorID = row[0], let menteeID = row[1], let day = row[2].flatMap({ CalendarDate(iso: $0) }) else {
                throw Self.unexpected("mm.completed_sessions_placed")
            }
            try body(PlacedSession(mentorID: mentorID, menteeID: menteeID, day: day,
                                   mentorDepartment: row[3], menteeDepartment: row[4]))
        }
    }

    /// A row missing a NOT NULL value: the schema is not what this version was built for.
    private static func unexpected(_ relation: String) -> MMError {
        MMError(.internalError, "Unexpected database result: a row of \(relation) lacks a person or a month.",
                details: ["The database schema may be newer or older than this program."])
    }
}
