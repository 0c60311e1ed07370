import MMCalendar
import PostgresClient

/// The reads behind the monthly report. Figures come from `mm_metrics` through the range
/// functions behind its views (migration 0009), so only the asked months' sessions are read and
/// every figure is the one SQL users see; the one read that names people is `busiestMentors`.
public struct ReportStore {
    let connection: PostgresConnection

    /// Prepares `connection` for the report's reads: the range functions aggregate a year of
    /// sessions, so its sorts and hashes get room (work_mem) for as long as it is open.
    public init(connection: PostgresConnection) throws {
        self.connection = connection
        try connection.execute("SELECT set_config('work_mem', '128MB', false)")
    }

    /// One month's figures: column name → value (nil for NULL: undefined or suppressed).
    public typealias Figures = [String: Double?]

    /// The figure columns of `participation_monthly`.
    public static let participationColumns = [
        "sessions", "completion_rate", "mentoring_minutes", "active_mentees", "active_mentors", "active_participants",
        "new_participants", "retention_rate", "participation_rate", "avg_rating", "goal_met_rate",
    ]
    /// The figure columns of `network_monthly`.
    public static let networkColumns = [
        "new_ties", "cumulative_ties", "cross_department_share", "avg_degree", "components", "largest_component_share",
        "mean_two_hop_reach", "avg_distinct_mentors_12m", "avg_network_breadth_12m",
    ]
    /// The figure columns of `participation_by_cohort` (a subset of `participationColumns`).
    public static let cohortColumns = [
        "sessions", "mentoring_minutes", "active_mentees", "active_mentors", "active_participants", "avg_rating", "goal_met_rate",
    ]

    /// New ties between two departments in a month; nil ties: suppressed.
    public struct DepartmentTie: Sendable, Equatable {
        public let first: String
        public let second: String
        public let ties: Int?

        public init(first: String, second: String, ties: Int?) {
            self.first = first
            self.second = second
            self.ties = ties
        }
    }

    /// One cohort's participation in a month (nil figures: suppressed).
    public struct CohortFigures: Sendable, Equatable {
        public let cohort: String
        public let sessions: Int?
        public let activeParticipants: Int?
        public let averageRating: Double?

        public init(cohort: String, sessions: Int?, activeParticipants: Int?, averageRating: Double?) {
            self.cohort = cohort
            self.sessions = sessions
            self.activeParticipants = activeParticipants
            self.averageRating = averageRating
        }
    }

    /// A mentor shown by name, with the month's completed sessions and mean rating.
    public struct NamedMentor: Sendable, Equatable {
        public let name: String
        public let department: String?
        public let sessions: Int
        public let averageRating: Double?

        public init(name: String, department: String?, sessions: Int, averageRating: Double?) {
            self.name = name
            self.department = department
            self.sessions = sessions
            self.averageRating = averageRating
        }
    }

    /// Groups smaller than this show no figures (`mm.small_group_threshold()`).
    public func smallGroupThreshold() throws -> Int {
        try connection.query("SELECT mm.small_group_threshold() AS k").first!.decode(Int.self, "k")
    }

    /// The whole program's participation figures of the months `first` through `last`.
    public func participation(from first: CalendarDate, through last: CalendarDate) throws -> [CalendarDate: Figures] {
        try figures(connection.query("SELECT * FROM mm_metrics.participation_between(\(first)::date, \(last)::date)"),
                    Self.participationColumns)
    }

    /// One cohort's participation figures of the months `first` through `last` (none for an
    /// unknown cohort or one without sessions then).
    public func cohortParticipation(_ cohort: String, from first: CalendarDate, through last: CalendarDate) throws
        -> [CalendarDate: Figures] {
        try figures(connection.query("""
            SELECT * FROM mm_metrics.participation_breakdown_between('cohort', \(first)::date, \(last)::date)
            WHERE group_name = \(cohort)
            """), Self.cohortColumns)
    }

    /// The stored network figures of the months `first` through `last`.
    public func network(from first: CalendarDate, through last: CalendarDate) throws -> [CalendarDate: Figures] {
        try figures(connection.query("""
            SELECT * FROM mm_metrics.network_monthly WHERE month BETWEEN \(first)::date AND \(last)::date
            """), Self.networkColumns)
    }

    /// The month's new ties per pair of departments, ordered by the pair.
    public func departmentTies(in month: CalendarDate) throws -> [DepartmentTie] {
        try connection.query("""
            SELECT department_a, department_b, new_ties FROM mm_metrics.department_ties_between(\(month)::date, \(month)::date)
            ORDER BY department_a, department_b
            """).rows.map {
            DepartmentTie(first: try $0.decode(String.self, "department_a"), second: try $0.decode(String.self, "department_b"),
                          ties: try $0.decode(Int?.self, "new_ties"))
        }
    }

    /// The month's participation per cohort, ordered by name.
    public func cohorts(in month: CalendarDate) throws -> [CohortFigures] {
        try connection.query("""
            SELECT group_name, sessions, active_participants, avg_rating
            FROM mm_metrics.participation_breakdown_between('cohort', \(month)::date, \(month)::date)
            ORDER BY group_name
            """).rows.map {
            CohortFigures(cohort: try $0.decode(String.self, "group_name"), sessions: try $0.decode(Int?.self, "sessions"),
                          activeParticipants: try $0.decode(Int?.self, "active_participants"),
                          averageRating: try $0.decode(Double?.self, "avg_rating"))
        }
    }

    /// The `limit` mentors with the most completed sessions in the month (of the cohort, if
    /// given), most sessions first, then by name. Reads names from `mm`, unlike everything else here.
    public func busiestMentors(in month: CalendarDate, cohort: String?, limit: Int) throws -> [NamedMentor] {
        try connection.query("""
            SELECT coalesce(nullif(concat_ws(' ', e.given_name, e.family_name), ''), e.employee_id) AS name, e.department,
                   count(*)::integer AS sessions, avg(o.mentee_rating)::double precision AS avg_rating
            FROM mm.sessions AS s
            JOIN mm.employees AS e ON e.employee_id = s.mentor_id
            LEFT JOIN mm.outcomes AS o ON o.session_id = s.session_id
            WHERE s.status = 'completed'
              AND s.started_at >= \(month)::date::timestamp AT TIME ZONE 'UTC'
              AND s.started_at < (\(month)::date + interval '1 month')::timestamp AT TIME ZONE 'UTC'
              AND (\(cohort)::text IS NULL OR s.cohort_id = (SELECT c.cohort_id FROM mm.cohorts AS c WHERE c.name = \(cohort)))
            GROUP BY e.employee_id
            ORDER BY count(*) DESC, name, e.employee_id
            LIMIT \(limit)::bigint
            """).rows.map {
            NamedMentor(name: try $0.decode(String.self, "name"), department: try $0.decode(String?.self, "department"),
                        sessions: try $0.decode(Int.self, "sessions"), averageRating: try $0.decode(Double?.self, "avg_rating"))
        }
    }

    /// The `columns` of each row, by its month.
    private func figures(_ result: QueryResult, _ columns: [String]) throws -> [CalendarDate: Figures] {
        var byMonth: [CalendarDate: Figures] = [:]
        for row in result.rows {
            var values: Figures = [:]
            for column in columns { values[column] = try row.decode(Double?.self, column) }
            byMonth[try row.decode(CalendarDate.self, "month")] = values
        }
        return byMonth
    }
}
