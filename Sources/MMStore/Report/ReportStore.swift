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
        "new_participants", "retention_rate", "participation_rate", "avg_rating", "goal_met_rate", "rated_sessions", "headcount",
    ]
    /// The figure columns of `network_monthly`.
    public static let networkColumns = [
        "new_ties", "cumulative_ties", "cross_department_share", "avg_degree", "components", "largest_component_share",
        "mean_two_hop_reach", "avg_distinct_mentors_12m", "avg_network_breadth_12m",
    ]
    /// The figure columns of `participation_by_cohort`: every participation figure.
    public static let cohortColumns = participationColumns

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

    /// One group's participation in a period: a department, location or cohort (nil figures:
    /// hidden by disclosure control).
    public struct GroupParticipation: Sendable, Equatable {
        public let group: String
        public let headcount: Int?
        public let activeParticipants: Int?
        public let participationRate: Double?
        public let sessions: Int?
        public let averageRating: Double?
        /// The ratings behind `averageRating`; nil when the rating is hidden.
        public let ratedSessions: Int?

        public init(group: String, headcount: Int? = nil, activeParticipants: Int?, participationRate: Double? = nil,
                    sessions: Int?, averageRating: Double?, ratedSessions: Int? = nil) {
            self.ratedSessions = ratedSessions
            self.group = group
            self.headcount = headcount
            self.activeParticipants = activeParticipants
            self.participationRate = participationRate
            self.sessions = sessions
            self.averageRating = averageRating
        }

        init(_ row: PostgresRow) throws {
            self.init(group: try row.decode(String.self, "group_name"), headcount: try row.decode(Int?.self, "headcount"),
                      activeParticipants: try row.decode(Int?.self, "active_participants"),
                      participationRate: try row.decode(Double?.self, "participation_rate"),
                      sessions: try row.decode(Int?.self, "sessions"), averageRating: try row.decode(Double?.self, "avg_rating"),
                      ratedSessions: try row.decode(Int?.self, "rated_sessions"))
        }
    }

    /// The calendar periods longer than a month that reports cover.
    public enum Period: String, Sendable {
        case quarter, year
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

    /// One cohort's participation figures of the complete quarters or years starting `first`
    /// through `last`.
    public func cohortParticipation(_ cohort: String, per period: Period, from first: CalendarDate, through last: CalendarDate) throws
        -> [CalendarDate: Figures] {
        try figures(connection.query("""
            SELECT period AS month, * FROM mm_metrics.participation_period_breakdown('cohort', \(period.rawValue), \(first)::date, \(last)::date)
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

    /// The month's participation per group of `dimension` ("department", "location" or
    /// "cohort"), ordered by name.
    public func groups(_ dimension: String, in month: CalendarDate) throws -> [GroupParticipation] {
        try connection.query("""
            SELECT * FROM mm_metrics.participation_breakdown_between(\(dimension), \(month)::date, \(month)::date)
            ORDER BY group_name
            """).rows.map(GroupParticipation.init)
    }

    /// The participation per group of `dimension` in the quarter or year starting `start`.
    public func groups(_ dimension: String, in period: Period, starting start: CalendarDate) throws -> [GroupParticipation] {
        try connection.query("""
            SELECT * FROM mm_metrics.participation_period_breakdown(\(dimension), \(period.rawValue), \(start)::date, \(start)::date)
            WHERE period = \(start)::date ORDER BY group_name
            """).rows.map(GroupParticipation.init)
    }

    /// The whole program's figures of the complete quarters or years starting `first`
    /// through `last`, by their first day.
    public func participation(per period: Period, from first: CalendarDate, through last: CalendarDate) throws
        -> [CalendarDate: Figures] {
        try figures(connection.query("""
            SELECT period AS month, * FROM mm_metrics.participation_periods(\(period.rawValue), \(first)::date, \(last)::date)
            """), Self.participationColumns)
    }

    /// The whole program from January through `month` (nil before the first session).
    public func yearToDate(through month: CalendarDate) throws -> Figures? {
        try figures(connection.query("""
            SELECT through AS month, * FROM mm_metrics.participation_year_to_date(\(month)::date)
            """), Self.participationColumns.filter { $0 != "retention_rate" }).values.first
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
    func figures(_ result: QueryResult, _ columns: [String]) throws -> [CalendarDate: Figures] {
        var byMonth: [CalendarDate: Figures] = [:]
        for row in result.rows {
            var values: Figures = [:]
            for column in columns { values[column] = try row.decode(Double?.self, column) }
            byMonth[try row.decode(CalendarDate.self, "month")] = values
        }
        return byMonth
    }
}
