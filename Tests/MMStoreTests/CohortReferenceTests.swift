import Foundation
import MMCalendar
import MMDomain
import MMImport
import MMStore
import PostgresClient
import Testing
import TestSupport

@Suite("A cohort reference names the cohort with that external id, else the one with that name")
struct CohortReferenceTests {
    let fixture: ProgramFixture
    let cohorts: CohortRepository

    /// Autumn (id Q4), a cohort named Q4 (id Z9), and Winter (id W1).
    init() throws {
        fixture = try ProgramFixture()
        cohorts = CohortRepository(connection: fixture.connection)
        let start = CalendarDate(iso: "2026-10-01")!, end = CalendarDate(iso: "2026-12-31")!
        for (name, id) in [("Autumn", "Q4"), ("Q4", "Z9"), ("Winter", "W1")] {
            _ = try cohorts.create(name: name, startsOn: start, endsOn: end, description: nil, externalID: id)
        }
    }

    @Test("find: the external id first, else the name; none is an error")
    func find() throws {
        #expect(try cohorts.find("Z9").name == "Q4")
        #expect(try cohorts.find("W1").name == "Winter")
        #expect(try cohorts.find("Winter").name == "Winter")
        let missing = try #require(throws: MMError.self) { try cohorts.find("Spring") }
        #expect(missing.category == .dataError)
        #expect(missing.remedy == .listCohorts)
    }

    @Test("find: one cohort's external id and another's name is ambiguous")
    func findAmbiguous() throws {
        let error = try #require(throws: MMError.self) { try cohorts.find("Q4") }
        #expect(error.category == .dataError)
        #expect(error.message.contains("Q4 names two cohorts: the external id of Autumn and the name of Q4"))
    }

    @Test("a cohort's own external id and name may be the same")
    func sameCohortTwice() throws {
        _ = try cohorts.create(name: "Spring", startsOn: CalendarDate(iso: "2027-03-01")!,
                               endsOn: CalendarDate(iso: "2027-05-31")!, description: nil, externalID: "Spring")
        #expect(try cohorts.find("Spring").name == "Spring")
        try fixture.run(.enrollments, "cohort,employee_id,role\nSpring,E1,mentor\n")
    }

    @Test("imports follow the same rule, and report an ambiguous reference on its line")
    func imports() throws {
        let enrolments = try fixture.run(.enrollments, "cohort,employee_id,role\nZ9,E1,mentor\nW1,E2,mentee\nWinter,E3,mentee\n")
        #expect(enrolments.counts.inserted == 3)
        let members = try fixture.connection.query("""
            SELECT string_agg(c.name || ':' || m.employee_id, ',' ORDER BY m.employee_id) AS m
            FROM mm.cohort_members AS m JOIN mm.cohorts AS c USING (cohort_id)
            """).first!.decode(String.self, "m")
        #expect(members == "Q4:E1,Winter:E2,Winter:E3")

        let ambiguous = ImportProblem(line: 3, column: "cohort",
                                      message: "Q4 names two cohorts: the external id of Autumn and the name of Q4")
        let enrolmentProblems = try fixture.problems(.enrollments, "cohort,employee_id,role\nW1,E4,mentee\nQ4,E5,mentee\n")
        #expect(enrolmentProblems == [ambiguous])
        let sessionProblems = try fixture.problems(.sessions, """
            session_id,mentor_id,mentee_id,started_at,duration,cohort
            S1,E1,E2,2026-10-05T10:00:00Z,30,Z9
            S2,E1,E3,2026-10-06T10:00:00Z,30,Q4
            S3,E1,E3,2026-10-07T10:00:00Z,30,Nowhere
            """)
        #expect(sessionProblems == [ambiguous, ImportProblem(line: 4, column: "cohort", message: "no cohort has the id or name Nowhere")])
        #expect(try fixture.count("sessions") == 0)
    }
}
