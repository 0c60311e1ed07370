import MMCalendar
import Foundation
import MMDomain
import MMStore
import PostgresClient

/// The figures of one month's program report, read from `mm_metrics` (the same numbers SQL
/// users see) after refreshing the stored network metrics.
public struct ReportData: Sendable {
    /// One metric month: column name → value (nil for NULL).
    public typealias Row = ReportStore.Figures
    /// The store's rows are the report's rows.
    public typealias DepartmentTie = ReportStore.DepartmentTie
    public typealias CohortFigures = ReportStore.CohortFigures
    public typealias NamedMentor = ReportStore.NamedMentor

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

    public static let participationColumns = ReportStore.participationColumns
    public static let networkColumns = ReportStore.networkColumns
    /// The columns of a cohort report (a subset of `participationColumns`).
    public static let cohortColumns = ReportStore.cohortColumns

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

    /// How many months a report covers: the report month and the 12 before it (the trend charts
    /// and the comparison with the same month last year).
    public static let coveredMonths = 13

    /// Loads the covered months for the whole program or one cohort (see `ReportStore`).
    /// `cohort` is a cohort's name or external id, by the rule every command and import uses.
    public static func load(_ connection: PostgresConnection, month: CalendarDate, cohort reference: String? = nil,
                            includeNames: Bool = false) throws -> ReportData {
        let cohort = try reference.map { try CohortRepository(connection: connection).find($0).name }
        let store = try ReportStore(connection: connection)
        let from = month.addingMonths(1 - coveredMonths)
        let threshold = try store.smallGroupThreshold()
        // Names are read only when asked for, and only for a report that has figures.
        func mentors() throws -> [NamedMentor] {
            includeNames ? try store.busiestMentors(in: month, cohort: cohort, limit: namedMentorCount) : []
        }
        if let cohort {
            let participation = try store.cohortParticipation(cohort, from: from, through: month)
            guard !participation.isEmpty else {
                throw MMError(.dataError, "The cohort \(cohort) has no sessions in the \(coveredMonths) months to \(month.monthText).",
                              remedy: .listCohorts)
            }
            return ReportData(month: month, participation: participation, network: [:], smallGroupThreshold: threshold,
                              cohort: cohort, namedMentors: try mentors())
        }
        let participation = try store.participation(from: from, through: month)
        guard participation[month] != nil else {
            throw MMError(.usage, "There are no figures for \(month.monthText).",
                          details: ["Reports cover complete months from the first month with a session."])
        }
        return ReportData(month: month, participation: participation, network: try store.network(from: from, through: month),
                          departmentTies: try store.departmentTies(in: month), cohorts: try store.cohorts(in: month),
                          smallGroupThreshold: threshold, namedMentors: try mentors())
    }

    /// How many of the month's busiest mentors a report with names shows.
    public static let namedMentorCount = 10

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
