import MMCalendar
import Foundation
import MMDomain
import MMStore
import PostgresClient

/// The figures of one month's program report, read from `mm_metrics` (the same numbers SQL
/// users see) after refreshing the stored network metrics.
public struct ReportData: Sendable {
    /// One metric month: column name → value (nil for NULL).
    public typealias Row = [String: Double?]

    public let month: CalendarDate
    /// Set for a report on one cohort: participation comes from `participation_by_cohort`, and
    /// the organisation-wide network, tie matrix and cohort table are left out.
    public let cohort: String?
    /// The covered months (`coveredMonths`), for trends and year-on-year changes.
    public let participation: [CalendarDate: Row]
    public let network: [CalendarDate: Row]
    /// New ties between department pairs in the report month; nil ties: suppressed.
    public let departmentTies: [DepartmentTie]
    /// The report month's participation per cohort (nil figures: suppressed).
    public let cohorts: [CohortFigures]
    /// Groups smaller than this show no figures.
    public let smallGroupThreshold: Int
    /// The month's busiest mentors by name; empty unless names were asked for.
    public let namedMentors: [NamedMentor]

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

    public static let participationColumns = [
        "sessions", "completion_rate", "mentoring_minutes", "active_mentees", "active_mentors", "active_participants",
        "new_participants", "retention_rate", "participation_rate", "avg_rating", "goal_met_rate",
    ]
    public static let networkColumns = [
        "new_ties", "cumulative_ties", "cross_department_share", "avg_degree", "components", "largest_component_share",
        "mean_two_hop_reach", "avg_distinct_mentors_12m", "avg_network_breadth_12m",
    ]

    public init(month: CalendarDate, participation: [CalendarDate: Row], network: [CalendarDate: Row],
                departmentTies: [DepartmentTie] = [], cohorts: [CohortFigures] = [], smallGroupThreshold: Int = 5,
                cohort: String? = nil, namedMentors: [NamedMentor] = []) {
        self.month = month
        self.namedMentors = namedMentors
        self.cohort = cohort
        self.cohorts = cohorts
        self.participation = participation
        self.network = network
        self.departmentTies = departmentTies
        self.smallGroupThreshold = smallGroupThreshold
    }

    /// The columns `participation_by_cohort` has (a subset of `participationColumns`).
    public static let cohortColumns = [
        "sessions", "mentoring_minutes", "active_mentees", "active_mentors", "active_participants", "avg_rating", "goal_met_rate",
    ]

    /// How many months a report covers: the report month and the 12 before it (the trend charts
    /// and the comparison with the same month last year).
    public static let coveredMonths = 13

    /// Loads the covered months for the whole program or one cohort, through the range
    /// functions behind the `mm_metrics` views (migration 0009), so only those months of
    /// sessions are read and the figures are the views' figures.
    public static func load(_ connection: PostgresConnection, month: CalendarDate, cohort: String? = nil,
                            includeNames: Bool = false) throws -> ReportData {
        let from = month.addingMonths(1 - coveredMonths)
        func figures(_ rows: [PostgresRow], _ columns: [String]) throws -> [CalendarDate: Row] {
            var result: [CalendarDate: Row] = [:]
            for row in rows {
                var values: Row = [:]
                for column in columns { values[column] = try row.decode(Double?.self, column) }
                result[try row.decode(CalendarDate.self, "month")] = values
            }
            return result
        }
        // The functions aggregate a year of sessions; give their sorts and hashes room.
        try connection.execute("SELECT set_config('work_mem', '128MB', false)")
        let threshold = try connection.query("SELECT mm.small_group_threshold() AS k").first!.decode(Int.self, "k")
        if let cohort {
            let participation = try figures(connection.query("""
                SELECT * FROM mm_metrics.participation_breakdown_between('cohort', \(from)::date, \(month)::date)
                WHERE group_name = \(cohort)
                """).rows, cohortColumns)
            guard !participation.isEmpty else {
                throw MMError(.dataError, "The cohort \(cohort) has no sessions in the \(coveredMonths) months to \(month.monthText).",
                              remedy: .listCohorts)
            }
            return ReportData(month: month, participation: participation, network: [:], smallGroupThreshold: threshold,
                              cohort: cohort, namedMentors: includeNames ? try busiestMentors(connection, month: month, cohort: cohort) : [])
        }
        let participation = try figures(connection.query("""
            SELECT * FROM mm_metrics.participation_between(\(from)::date, \(month)::date)
            """).rows, participationColumns)
        guard participation[month] != nil else {
            throw MMError(.usage, "There are no figures for \(month.monthText).",
                          details: ["Reports cover complete months from the first month with a session."])
        }
        let network = try figures(connection.query("""
            SELECT * FROM mm_metrics.network_monthly WHERE month BETWEEN \(from)::date AND \(month)::date
            """).rows, networkColumns)
        let ties = try connection.query("""
            SELECT department_a, department_b, new_ties FROM mm_metrics.department_ties_between(\(month)::date, \(month)::date)
            ORDER BY department_a, department_b
            """).rows.map {
            DepartmentTie(first: try $0.decode(String.self, "department_a"), second: try $0.decode(String.self, "department_b"),
                          ties: try $0.decode(Int?.self, "new_ties"))
        }
        let cohorts = try connection.query("""
            SELECT group_name, sessions, active_participants, avg_rating
            FROM mm_metrics.participation_breakdown_between('cohort', \(month)::date, \(month)::date)
            ORDER BY group_name
            """).rows.map {
            CohortFigures(cohort: try $0.decode(String.self, "group_name"), sessions: try $0.decode(Int?.self, "sessions"),
                          activeParticipants: try $0.decode(Int?.self, "active_participants"),
                          averageRating: try $0.decode(Double?.self, "avg_rating"))
        }
        return ReportData(month: month, participation: participation, network: network,
                          departmentTies: ties, cohorts: cohorts, smallGroupThreshold: threshold,
                          namedMentors: includeNames ? try busiestMentors(connection, month: month, cohort: nil) : [])
    }

    /// The ten mentors with the most completed sessions in the month (of the cohort, if given).
    /// The one query of the report that reads names, from mm; run only when names are asked for.
    static func busiestMentors(_ connection: PostgresConnection, month: CalendarDate, cohort: String?) throws -> [NamedMentor] {
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
            LIMIT 10
            """).rows.map {
            NamedMentor(name: try $0.decode(String.self, "name"), department: try $0.decode(String?.self, "department"),
                        sessions: try $0.decode(Int.self, "sessions"), averageRating: try $0.decode(Double?.self, "avg_rating"))
        }
    }

    /// Whether the report month's figures are hidden because too few people took part (cohort reports).
    public var isSuppressed: Bool {
        cohort != nil && participation[month] != nil && value("active_participants", month) == nil
    }

    /// A value for a month, if known.
    public func value(_ column: String, _ month: CalendarDate) -> Double? {
        if let row = participation[month], let value = row[column] { return value }
        if let row = network[month], let value = row[column] { return value }
        return nil
    }

    /// The last `count` months up to the report month, oldest first.
    public func trailingMonths(_ count: Int) -> [CalendarDate] {
        month.trailingMonths(count)
    }
}
