import MMCalendar
import Foundation
import MMDomain
import MMStore
import PostgresClient

/// The figures of one month's or quarter's program report, read from `mm_metrics` (the same
/// numbers SQL users see).
public struct ReportData: Sendable {
    /// One metric month: column name → value (nil for NULL).
    public typealias Row = ReportStore.Figures
    /// The store's rows are the report's rows.
    public typealias DepartmentTie = ReportStore.DepartmentTie
    public typealias GroupParticipation = ReportStore.GroupParticipation
    public typealias NamedMentor = ReportStore.NamedMentor
    public typealias Guidance = ReportStore.Guidance

    /// A month or a quarter.
    public let period: ReportPeriod
    /// The first day of the reported period.
    public let start: CalendarDate
    /// Set for a report on one cohort: participation comes from `participation_by_cohort`, and
    /// the organisation-wide network, tie matrix and cohort table are left out.
    public let cohort: String?
    /// The covered periods (`ReportPeriod.covered`) by their first day, for trends and
    /// year-on-year changes.
    public let participation: [CalendarDate: Row]
    public let network: [CalendarDate: Row]
    /// New ties between department pairs in the report month; nil ties: suppressed.
    public let departmentTies: [DepartmentTie]
    /// The report month's participation per cohort and per department (nil figures: hidden).
    public let cohorts: [GroupParticipation]
    public let departments: [GroupParticipation]
    /// The whole program from January through the report month (nil for a cohort report).
    public let yearToDate: Row?
    /// Groups smaller than this show no figures.
    public let smallGroupThreshold: Int
    /// The month's busiest mentors by name; empty unless names were asked for.
    public let namedMentors: [NamedMentor]
    /// "Where guidance is needed": the month's topics, mentor load, formats, ratings and time to
    /// first session (monthly reports of the whole program; nil otherwise).
    public let guidance: Guidance?

    public static let participationColumns = ReportStore.participationColumns
    public static let networkColumns = ReportStore.networkColumns
    /// The columns of a cohort report (a subset of `participationColumns`).
    public static let cohortColumns = ReportStore.cohortColumns

    public init(period: ReportPeriod = .month, start: CalendarDate, participation: [CalendarDate: Row], network: [CalendarDate: Row],
                departmentTies: [DepartmentTie] = [], cohorts: [GroupParticipation] = [],
                departments: [GroupParticipation] = [], yearToDate: Row? = nil, smallGroupThreshold: Int = 5,
                cohort: String? = nil, namedMentors: [NamedMentor] = [], guidance: Guidance? = nil) {
        self.guidance = guidance
        self.departments = departments
        self.yearToDate = yearToDate
        self.period = period
        self.start = start
        self.namedMentors = namedMentors
        self.cohort = cohort
        self.cohorts = cohorts
        self.participation = participation
        self.network = network
        self.departmentTies = departmentTies
        self.smallGroupThreshold = smallGroupThreshold
    }

    /// Loads the covered periods for the whole program or one cohort (see `ReportStore`).
    /// `cohort` is a cohort's name or external id, by the rule every command and import uses. A
    /// quarterly report has no network figures (they are monthly) and no names.
    ///
    /// With `sideConnection`, the figures beside the trend (departments, cohorts, year to date,
    /// guidance) are read on a second connection at the same time: at a million sessions each
    /// half takes seconds of server time, and the server works on both at once.
    public static func load(_ connection: PostgresConnection, period: ReportPeriod = .month, start: CalendarDate,
                            cohort reference: String? = nil, includeNames: Bool = false,
                            sideConnection: (@Sendable () throws -> PostgresConnection)? = nil) throws -> ReportData {
        let cohort = try reference.map { try CohortRepository(connection: connection).find($0).name }
        let store = try ReportStore(connection: connection)
        let from = period.adding(1 - period.covered, to: start)
        let threshold = try store.smallGroupThreshold()
        let quarter = ReportStore.Period.quarter
        // Names are read only when asked for, and only for a report that has figures.
        func mentors() throws -> [NamedMentor] {
            includeNames && period == .month ? try store.busiestMentors(in: start, cohort: cohort, limit: namedMentorCount) : []
        }
        if let cohort {
            let participation = period == .month ? try store.cohortParticipation(cohort, from: from, through: start)
                : try store.cohortParticipation(cohort, per: quarter, from: from, through: start)
            guard !participation.isEmpty else {
                throw MMError(.dataError, "The cohort \(cohort) has no sessions in the \(period.covered) \(period.noun)s to \(period.name(start)).",
                              remedy: .listCohorts)
            }
            return ReportData(period: period, start: start, participation: participation, network: [:], smallGroupThreshold: threshold,
                              cohort: cohort, namedMentors: try mentors())
        }
        // Started first: the trend below is the longest read.
        let beside = try SideFigures.read(period: period, start: start, on: sideConnection, else: store)
        let participation = period == .month ? try store.participation(from: from, through: start)
            : try store.participation(per: quarter, from: from, through: start)
        guard participation[start] != nil else {
            throw MMError(.usage, "There are no figures for \(period.name(start)).",
                          details: ["Reports cover complete \(period.noun)s from the first month with a session."])
        }
        let network = period == .month ? try store.network(from: from, through: start) : [:]
        let ties = period == .month ? try store.departmentTies(in: start) : []
        let named = try mentors()
        let side = try beside.get()
        return ReportData(period: period, start: start, participation: participation, network: network, departmentTies: ties,
                          cohorts: side.cohorts, departments: side.departments, yearToDate: side.yearToDate,
                          smallGroupThreshold: threshold, namedMentors: named, guidance: side.guidance)
    }

    /// The figures of a whole-program report beside its trend: groups, year to date, guidance.
    struct SideFigures: Sendable {
        let cohorts: [GroupParticipation]
        let departments: [GroupParticipation]
        let yearToDate: Row?
        let guidance: ReportStore.Guidance?

        init(period: ReportPeriod, start: CalendarDate, store: ReportStore) throws {
            func groups(_ dimension: String) throws -> [GroupParticipation] {
                period == .month ? try store.groups(dimension, in: start) : try store.groups(dimension, in: .quarter, starting: start)
            }
            cohorts = try groups("cohort")
            departments = try groups("department")
            yearToDate = try store.yearToDate(through: period.lastMonth(of: start))
            guidance = period == .month ? try store.guidance(in: start) : nil
        }

        /// Starts reading on a connection of its own when `connect` is given (the caller reads
        /// on, then waits in `get`), else reads on `store` at once.
        static func read(period: ReportPeriod, start: CalendarDate, on connect: (@Sendable () throws -> PostgresConnection)?,
                         else store: ReportStore) throws -> Pending {
            guard let connect else { return Pending(done: Result { try SideFigures(period: period, start: start, store: store) }) }
            let pending = Pending(done: nil)
            Thread.detachNewThread {
                pending.finish(Result { try SideFigures(period: period, start: start, store: ReportStore(connection: connect())) })
            }
            return pending
        }

        /// A read that may still be running on another thread.
        final class Pending: @unchecked Sendable {
            // Written once by the reading thread before `finished` is signalled, read after it.
            private var result: Result<SideFigures, any Error>?
            private let finished = DispatchSemaphore(value: 0)

            init(done: Result<SideFigures, any Error>?) {
                result = done
                if done != nil { finished.signal() }
            }

            func finish(_ outcome: Result<SideFigures, any Error>) {
                result = outcome
                finished.signal()
            }

            /// Waits for the read and returns its figures or throws its error.
            func get() throws -> SideFigures {
                finished.wait()
                finished.signal()
                return try result!.get()
            }
        }
    }

    /// How many of the month's busiest mentors a report with names shows.
    public static let namedMentorCount = 10

    /// Whether the report period's figures are hidden because too few people took part (cohort reports).
    public var isSuppressed: Bool {
        cohort != nil && participation[start] != nil && value("active_participants", start) == nil
    }

    /// A value for a period (by its first day), if known.
    public func value(_ column: String, _ period: CalendarDate) -> Double? {
        if let row = participation[period], let value = row[column] { return value }
        if let row = network[period], let value = row[column] { return value }
        return nil
    }

    /// The last `count` periods up to the reported one, oldest first.
    public func trailingPeriods(_ count: Int) -> [CalendarDate] {
        period.trailing(count, to: start)
    }
}
