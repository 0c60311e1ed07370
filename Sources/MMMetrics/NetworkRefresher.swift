import MMCalendar
import Foundation
import MMDomain
import MMStore
import PostgresClient

/// Recomputes `mm_metrics.network_monthly` from the completed sessions and roster history.
public struct NetworkRefresher {
    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    public enum Outcome: Sendable, Equatable {
        case refreshed(months: Int)
        case upToDate
    }

    /// Recomputes the months that changes since the last refresh can affect (triggers on
    /// sessions and roster history record the earliest), plus any month not stored yet; closed
    /// months before that are kept. `force` recomputes everything. One transaction.
    public func refresh(force: Bool = false) throws -> Outcome {
        try connection.transaction {
            // One refresh at a time.
            try connection.execute("SELECT pg_advisory_xact_lock(\(0x6D6D_6D65_7472))")
            guard let (first, last) = try monthRange() else {
                try connection.execute("DELETE FROM mm_metrics.network_monthly")
                try markClean()
                return .upToDate
            }
            let state = try connection.query("""
                SELECT CASE WHEN dirty_from = '-infinity' THEN '0001-01-01'::date ELSE dirty_from END AS dirty_from,
                       (SELECT max(month) FROM mm_metrics.network_monthly) AS stored_last
                FROM mm.metrics_state WHERE name = 'network_monthly'
                """).first
            let dirty = try state?.decode(CalendarDate?.self, "dirty_from").map(Self.monthNumber)
            let storedLast = try state?.decode(CalendarDate?.self, "stored_last").map(Self.monthNumber)
            var from = first
            if !force, let storedLast {
                from = max(first, min(dirty ?? Int.max, storedLast + 1))
                if from > last && storedLast == last { return .upToDate }
            }
            let months = try compute(first: first, last: last, from: from).filter { $0.month >= from }
            try connection.execute("""
                DELETE FROM mm_metrics.network_monthly
                WHERE month >= \(Self.monthDate(from))::date OR month > \(Self.monthDate(last))::date
                """)
            try store(months)
            try markClean()
            return .refreshed(months: months.count)
        }
    }

    private func markClean() throws {
        try connection.execute("UPDATE mm.metrics_state SET dirty_from = NULL, refreshed_at = now() WHERE name = 'network_monthly'")
    }

    /// The first month with a session and the last complete month, as month numbers.
    private func monthRange() throws -> (Int, Int)? {
        guard let bounds = try connection.query("""
            SELECT date_trunc('month', min(started_at) AT TIME ZONE 'UTC')::date AS first_month,
                   (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month')::date AS last_month
            FROM mm.sessions WHERE status <> 'scheduled' HAVING count(*) > 0
            """).first else { return nil }
        let first = Self.monthNumber(try bounds.decode(CalendarDate.self, "first_month"))
        let last = Self.monthNumber(try bounds.decode(CalendarDate.self, "last_month"))
        return first <= last ? (first, last) : nil
    }

    /// Month numbers count months since year 0, so consecutive months are consecutive integers.
    static func monthNumber(_ day: CalendarDate) -> Int { day.year * 12 + day.month - 1 }
    static func monthDate(_ number: Int) -> CalendarDate { CalendarDate(year: number / 12, month: number % 12 + 1, day: 1)! }

    /// Figures for the months from `from` to `last` (earlier ones in the result are partial).
    /// From the first month, everything is read and the tie cache (`mm.network_ties`, migration
    /// 0010) rebuilt; from a later month, the cached ties before it and the sessions of the
    /// twelve months before it on are read, and the cache's later ties replaced.
    func compute(first: Int, last: Int, from: Int) throws -> [NetworkMonth] {
        let full = from <= first
        var people: [String: Int] = [:]
        var names: [String] = []
        var departments: [String: Int] = [:]
        func person(_ id: String) -> Int {
            if let known = people[id] { return known }
            people[id] = names.count
            names.append(id)
            return names.count - 1
        }
        func department(_ name: String?) -> Int? {
            guard let name else { return nil }
            if let known = departments[name] { return known }
            departments[name] = departments.count
            return departments.count - 1
        }
        func pairKey(_ a: Int, _ b: Int) -> Int64 { Int64(min(a, b)) << 32 | Int64(max(a, b)) }

        var ties: [Tie] = []
        var seenPairs = Set<Int64>()
        if !full {
            for row in try connection.query("""
                SELECT person_a, person_b, to_char(first_month, 'YYYY-MM-DD') AS first_month FROM mm.network_ties
                WHERE first_month < \(Self.monthDate(from))::date
                """).rows {
                let a = person(row[0]!), b = person(row[1]!)
                seenPairs.insert(pairKey(a, b))
                // Departments of earlier ties only matter for their own month's share, not recomputed.
                ties.append(Tie(first: a, second: b, month: Self.monthNumber(CalendarDate(iso: row[2]!)!), crossesDepartments: nil))
            }
        }
        let cachedTies = ties.count
        // Completed sessions with both people's departments as of that day (sql/migrations/0006):
        // all of them, or those of the 12-month window of the first month to compute.
        let readFrom = full ? nil : Self.monthDate(from - 11)
        let rows = try connection.query("""
            SELECT mentor_id, mentee_id, to_char(day, 'YYYY-MM-DD') AS day, mentor_department, mentee_department
            FROM mm.completed_sessions_placed
            WHERE started_at >= coalesce(\(readFrom)::date::timestamp AT TIME ZONE 'UTC', '-infinity')
            ORDER BY started_at, mentor_id, mentee_id
            """).rows
        var meetings: [Meeting] = []
        meetings.reserveCapacity(rows.count)
        for row in rows {
            let mentor = person(row[0]!), mentee = person(row[1]!)
            let month = Self.monthNumber(CalendarDate(iso: row[2]!)!)
            let meeting = Meeting(month: month, mentor: mentor, mentee: mentee,
                                  mentorDepartment: department(row[3]), menteeDepartment: department(row[4]))
            meetings.append(meeting)
            // Rows come in time order, so a pair's first row is its first session: the tie.
            if seenPairs.insert(pairKey(mentor, mentee)).inserted {
                let crosses: Bool? = meeting.mentorDepartment.flatMap { a in meeting.menteeDepartment.map { a != $0 } }
                ties.append(Tie(first: mentor, second: mentee, month: month, crossesDepartments: crosses))
            }
        }
        try storeTies(ties[cachedTies...], names: names, replacingFrom: full ? nil : from)
        return NetworkCalculator(people: names.count).compute(months: first...last, ties: ties, meetings: meetings,
                                                              twoHopFrom: from)
    }

    /// Replaces the cached ties from month `replacingFrom` on (all of them when nil).
    private func storeTies(_ ties: ArraySlice<Tie>, names: [String], replacingFrom: Int?) throws {
        if let replacingFrom {
            try connection.execute("DELETE FROM mm.network_ties WHERE first_month >= \(Self.monthDate(replacingFrom))::date")
        } else {
            try connection.execute("TRUNCATE mm.network_ties")
        }
        try connection.copyIn("COPY mm.network_ties (person_a, person_b, first_month) FROM STDIN") { writer in
            for tie in ties {
                try writer.writeRow([names[tie.first], names[tie.second], Self.monthDate(tie.month).description])
            }
        }
    }

    private func store(_ months: [NetworkMonth]) throws {
        try connection.copyIn("""
            COPY mm_metrics.network_monthly (month, new_ties, cumulative_ties, cross_department_share, avg_degree, components,
                                             largest_component_share, mean_two_hop_reach, avg_distinct_mentors_12m,
                                             avg_network_breadth_12m) FROM STDIN
            """) { writer in
            for figures in months {
                try writer.writeRow([
                    Self.monthDate(figures.month).description, String(figures.newTies), String(figures.cumulativeTies),
                    figures.crossDepartmentShare.map { String($0) }, figures.averageDegree.map { String($0) },
                    String(figures.components), figures.largestComponentShare.map { String($0) },
                    figures.meanTwoHopReach.map { String($0) }, figures.averageDistinctMentors12m.map { String($0) },
                    figures.averageNetworkBreadth12m.map { String($0) },
                ])
            }
        }
    }
}
