import MMDomain
import MMCalendar
import MMImport
import MMStore
import Testing
import TestSupport

/// The report's reads return the figures of `mm_metrics` as typed rows.
@Suite("Report store: typed rows of the report's reads")
struct ReportStoreTests {
    let fixture: ProgramFixture
    let store: ReportStore
    static let august = CalendarDate(iso: "2026-08-01")!
    static let september = CalendarDate(iso: "2026-09-01")!

    /// August: E2 mentors E3. September: E1 mentors E2 twice and E3 once in the Summer cohort,
    /// E5 mentors E6.
    init() throws {
        fixture = try ProgramFixture()
        try fixture.run(.cohorts, ProgramFixture.cohorts)
        try fixture.run(.sessions, """
            session_id,mentor_employee_id,mentee_employee_id,started_at,duration_minutes,cohort
            A1,E2,E3,2026-08-20T10:00:00Z,30,
            S1,E1,E2,2026-09-03T10:00:00Z,30,Q3
            S2,E1,E2,2026-09-10T10:00:00Z,30,Q3
            S3,E1,E3,2026-09-04T10:00:00Z,30,Q3
            S4,E5,E6,2026-09-05T10:00:00Z,20,

            """)
        store = try ReportStore(connection: fixture.connection)
    }

    @Test("participation by month, with every participation column")
    func participation() throws {
        let months = try store.participation(from: Self.august, through: Self.september)
        #expect(Set(months.keys) == [Self.august, Self.september])
        #expect(Set(try #require(months[Self.september]).keys) == Set(ReportStore.participationColumns))
        #expect(months[Self.september]?["sessions"] == 4)
        #expect(months[Self.september]?["mentoring_minutes"] == 110)
        #expect(months[Self.august]?["active_participants"] == 2)
        #expect(months[Self.september]?["avg_rating"] == .some(nil)) // nobody rated
        #expect(try store.smallGroupThreshold() == 5)
    }

    @Test("cohort figures and the cohort table are suppressed below the threshold; an unknown cohort has none")
    func cohortParticipation() throws {
        let summer = try store.cohortParticipation("Summer", from: Self.august, through: Self.september)
        #expect(Set(try #require(summer[Self.september]).keys) == Set(ReportStore.cohortColumns))
        #expect(summer[Self.september]?["active_participants"] == .some(nil)) // three people
        #expect(try store.cohortParticipation("Nobody", from: Self.august, through: Self.september).isEmpty)
        let cohorts = try store.groups("cohort", in: Self.september)
        #expect(cohorts == [ReportStore.GroupParticipation(group: "(no cohort)", activeParticipants: nil, sessions: nil, averageRating: nil, ratedSessions: nil),
                            ReportStore.GroupParticipation(group: "Summer", activeParticipants: nil, sessions: nil, averageRating: nil, ratedSessions: nil)])
    }

    @Test("the month's department pairs in order, suppressed below the threshold like the view")
    func departmentTies() throws {
        #expect(try store.departmentTies(in: Self.september) == [
            ReportStore.DepartmentTie(first: "Engineering", second: "Exec", ties: nil),
            ReportStore.DepartmentTie(first: "Exec", second: "Sales", ties: nil),
            ReportStore.DepartmentTie(first: "Sales", second: "Sales", ties: nil),
        ])
    }

    @Test("the busiest mentors: most sessions first, with name and department, at most the limit")
    func busiestMentors() throws {
        let mentors = try store.busiestMentors(in: Self.september, cohort: nil, limit: 10)
        #expect(mentors == [ReportStore.NamedMentor(name: "Ann Lee", department: "Exec", sessions: 3, averageRating: nil),
                            ReportStore.NamedMentor(name: "Ed Eng", department: "Sales", sessions: 1, averageRating: nil)])
        #expect(try store.busiestMentors(in: Self.september, cohort: nil, limit: 1).map(\.name) == ["Ann Lee"])
        #expect(try store.busiestMentors(in: Self.september, cohort: "Summer", limit: 10).map(\.name) == ["Ann Lee"])
        #expect(try store.busiestMentors(in: Self.august, cohort: "Summer", limit: 10).isEmpty)
    }

    @Test("network figures stored by the network store read back by month")
    func networkRoundTrip() throws {
        var september = NetworkMonth(month: Self.september.monthIndex)
        september.newTies = 3
        september.cumulativeTies = 4
        september.crossDepartmentShare = 2.0 / 3.0
        september.components = 2
        try NetworkStore(connection: fixture.connection).storeFigures([NetworkMonth(month: Self.august.monthIndex), september])
        let months = try store.network(from: Self.september, through: Self.september)
        #expect(Array(months.keys) == [Self.september])
        #expect(Set(try #require(months[Self.september]).keys) == Set(ReportStore.networkColumns))
        #expect(months[Self.september]?["new_ties"] == 3 && months[Self.september]?["components"] == 2)
        #expect(months[Self.september]?["cross_department_share"] == 2.0 / 3.0)
        #expect(months[Self.september]?["mean_two_hop_reach"] == .some(nil))
    }
}
