import Foundation
import MMDomain
import MMStore
import MMImport
import PostgresClient
import Testing
import TestSupport

@Suite("Program imports: cohorts, enrolments, mentors")
struct CohortMentorImportTests {
    let fixture: ProgramFixture
    init() throws { fixture = try ProgramFixture() }

    @Test func cohortsInsertThenUnchangedThenUpdated() throws {
        let first = try fixture.run(.cohorts, ProgramFixture.cohorts)
        #expect(first.counts.inserted == 2)
        let again = try fixture.run(.cohorts, ProgramFixture.cohorts)
        #expect(again.outcome == .unchanged)
        let renamed = try fixture.run(.cohorts, "cohort_id,cohort_name,start_date,end_date\nQ4,Autumn 2026,2026-10-01,2026-12-31\n")
        #expect(renamed.counts.updated == 1)
        #expect(try fixture.count("cohorts") == 2)
    }

    @Test func cohortProblems() throws {
        try fixture.run(.cohorts, ProgramFixture.cohorts)
        let problems = try fixture.problems(.cohorts, """
            cohort_id,cohort_name,start_date,end_date
            N1,Backwards,2026-12-01,2026-11-01
            N2,Summer,2026-07-01,2026-09-30
            N3,Twice,2026-01-01,2026-02-01
            N4,Twice,2026-01-01,2026-02-01
            N5,Bad date,2026-02-30,2026-03-01
            """)
        #expect(problems.contains { $0.line == 2 && $0.message.contains("before it starts") })
        #expect(problems.contains { $0.line == 3 && $0.message.contains("belongs to another cohort") })
        #expect(problems.contains { $0.line == 5 && $0.message.contains("already appears on line 4") })
        #expect(problems.contains { $0.line == 6 && $0.column == "start_date" })
        #expect(try fixture.count("cohorts") == 2)
    }

    @Test func enrolmentsResolveCohortsAndPeople() throws {
        try fixture.run(.cohorts, ProgramFixture.cohorts)
        let result = try fixture.run(.enrollments, "cohort,employee_id,email,role\nQ4,E1,,mentor\nSummer,,bo@acme.test,Mentee\n")
        #expect(result.counts.inserted == 2)
        let problems = try fixture.problems(.enrollments, """
            cohort,employee_id,email,role
            Q9,E1,,mentor
            Q4,E404,,mentee
            Q4,,nobody@acme.test,mentee
            Q4,E2,cy@acme.test,mentee
            Q4,E3,,boss
            Q4,,,mentee
            """)
        #expect(problems.map(\.line) == [2, 3, 4, 5, 6, 7])
        #expect(problems[3].message.contains("name different people"))
        let backwards = try fixture.problems(.enrollments, "cohort,employee_id,role,enrolled_on,left_on\nQ4,E4,mentee,2026-11-01,2026-10-15\n")
        #expect(backwards.map(\.message) == ["leaves (2026-10-15) before enrolling (2026-11-01)"])
    }

    @Test func mentors() throws {
        let result = try fixture.run(.mentors, "employee_id,topics,capacity\nE1,negotiation; sql ,3\nE2,leadership|sales,\n")
        #expect(result.counts.inserted == 2)
        let row = try #require(try fixture.connection.query("SELECT topics, monthly_capacity FROM mm.mentors WHERE employee_id = 'E1'").first)
        #expect(try row.decode([String].self, "topics") == ["negotiation", "sql"])
        #expect(try fixture.connection.query("SELECT monthly_capacity FROM mm.mentors WHERE employee_id = 'E2'").first?.decode(Int.self, "monthly_capacity") == 4)
        let problems = try fixture.problems(.mentors, "employee_id,topics,capacity\nE1,x,101\nE404,y,2\nE3,z,two\n")
        #expect(problems.map(\.line) == [2, 3, 4])
    }
}

@Suite("Program imports: sessions and outcomes")
struct SessionImportTests {
    let fixture: ProgramFixture
    init() throws {
        fixture = try .withCohorts()
    }

    static let sessions = """
        session_id,mentor_employee_id,mentee_email,started_at,duration_minutes,ended_at,format,topic,cohort,status
        S1,E1,bo@acme.test,2026-10-03T14:00:00Z,20,,coffee_chat,negotiation,Q4,
        S2,E1,cy@acme.test,2026-10-05T09:00:00+02:00,,2026-10-05T09:45:00+02:00,Video,pay,Autumn,completed
        S3,E3,di@acme.test,2026-11-05T09:00:00Z,30,,call,sql,,cancelled
        S4,E9,ed@acme.test,2026-05-05T09:00:00Z,30,,qa,history,Q4,completed

        """

    @Test("sessions import with enrolment, derived duration, warnings, and idempotent re-import")
    func happyPath() throws {
        let result = try fixture.run(.sessions, Self.sessions)
        #expect(result.counts.inserted == 4)
        #expect(result.counts.enrolled == 5) // E1, E2, E3 in Q4 by S1/S2; E9 and E5 by S4
        #expect(result.counts.warnings.count == 1) // S4 lies before Q4 starts
        let derived = try fixture.connection.query("SELECT duration_minutes, format FROM mm.sessions WHERE external_id = 'S2'").first
        #expect(try derived?.decode(Int.self, "duration_minutes") == 45)
        #expect(try derived?.decode(String.self, "format") == "video")
        #expect(try fixture.count("sessions") == 4)
        let again = try fixture.run(.sessions, Self.sessions)
        #expect(again.outcome == .unchanged)
        #expect(try fixture.count("sessions") == 4)
        // Changing one row updates that session only.
        let changed = try fixture.run(.sessions, Self.sessions.replacingOccurrences(of: "negotiation", with: "salary"))
        #expect(changed.counts.updated == 1)
        #expect(changed.counts.unchanged == 3)
    }

    @Test("every session problem is reported with its line")
    func problems() throws {
        try fixture.run(.sessions, Self.sessions)
        let problems = try fixture.problems(.sessions, """
            session_id,mentor_employee_id,mentee_employee_id,started_at,duration_minutes,cohort
            T1,E404,E2,2026-10-03T14:00:00Z,20,
            T2,E1,E1,2026-10-03T14:00:00Z,20,
            T3,E1,E2,2026-10-03T15:00:00Z,0,
            T4,E1,E2,2026-10-03T16:00:00Z,481,
            T5,E1,E2,2026-10-03 16:00 EST,30,
            T5,E1,E3,2026-10-04T16:00:00Z,30,
            T7,E1,E2,2026-10-03T14:00:00Z,20,Q9
            T8,E1,E2,2026-10-03T14:00:00Z,20,
            T9,E1,E2,2026-10-03T14:00:00Z,25,
            """)
        let lines = Set(problems.compactMap(\.line))
        #expect(lines.isSuperset(of: [2, 3, 4, 5, 6, 7, 8, 9, 10]), "\(problems)")
        #expect(problems.contains { $0.line == 2 && $0.message.contains("E404") })
        #expect(problems.contains { $0.line == 3 && $0.message.contains("same person") })
        #expect(problems.contains { $0.line == 6 && $0.message.contains("offset") })
        #expect(problems.contains { $0.line == 7 && $0.message.contains("already appears on line 6") })
        #expect(problems.contains { $0.line == 8 && $0.message.contains("no cohort") })
        #expect(problems.contains { $0.line == 9 && $0.message.contains("already have session S1") == false && $0.message.contains("line 8") })
        #expect(try fixture.count("sessions") == 4)
    }

    @Test("a session file needs mentor, mentee and duration columns")
    func missingColumns() throws {
        let problems = try fixture.problems(.sessions, "session_id,started_at\nX,2026-10-03T14:00:00Z\n")
        #expect(problems.count == 3)
    }

    @Test("outcomes: completed sessions only, ratings 1–5, unknown sessions refused")
    func outcomes() throws {
        try fixture.run(.sessions, Self.sessions)
        let result = try fixture.run(.outcomes, "outcome_id,session_id,rating,goal_met,follow_up,comment\nO1,S1,5,yes,no,\"Great, thanks\"\nO2,S2,,,,\n")
        #expect(result.counts.inserted == 2)
        let stored = try #require(try fixture.connection.query("SELECT o.* FROM mm.outcomes o JOIN mm.sessions s USING (session_id) WHERE s.external_id = 'S2'").first)
        #expect(try stored.decode(Int?.self, "mentee_rating") == nil)
        #expect(try stored.decode(Bool?.self, "goal_met") == nil)
        #expect(try fixture.run(.outcomes, "outcome_id,session_id,rating,goal_met,follow_up,comment\nO1,S1,5,yes,no,\"Great, thanks\"\nO2,S2,,,,\n").outcome == .unchanged)
        let problems = try fixture.problems(.outcomes, """
            session_id,rating,mentor_rating,goal_met
            S1,0,,
            S1,6,,
            S3,4,,
            S404,4,,
            S2,4,9,maybe
            """)
        #expect(problems.contains { $0.line == 2 && $0.column == "rating" })
        #expect(problems.contains { $0.line == 3 && $0.message.contains("already appears on line 2") })
        #expect(problems.contains { $0.line == 4 && $0.message.contains("cancelled") })
        #expect(problems.contains { $0.line == 5 && $0.message.contains("no session") })
        #expect(problems.contains { $0.line == 6 && $0.column == "mentor_rating" })
        #expect(problems.contains { $0.line == 6 && $0.column == "goal_met" })
        #expect(try fixture.count("outcomes") == 2)
    }

    @Test("a dry run reports and changes nothing")
    func dryRun() throws {
        let result = try fixture.run(.sessions, Self.sessions, dryRun: true)
        #expect(result.outcome == .dryRun)
        #expect(result.counts.inserted == 4)
        #expect(try fixture.count("sessions") == 0)
        #expect(try fixture.count("cohort_members") == 0)
    }
}

@Suite("Database constraints on program data")
struct ProgramConstraintTests {
    let fixture: ProgramFixture
    init() throws {
        fixture = try .withCohorts()
        try fixture.run(.enrollments, "cohort,employee_id,role\nQ4,E1,mentor\nQ4,E2,mentee\n")
    }

    func insertSession(mentee: String, cohort: Bool) throws {
        try fixture.connection.execute("""
            INSERT INTO mm.sessions (mentor_id, mentee_id, started_at, duration_minutes, cohort_id)
            VALUES ('E1', \(mentee), '2026-10-10T10:00:00Z', 20,
                    CASE WHEN \(cohort) THEN (SELECT cohort_id FROM mm.cohorts WHERE external_id = 'Q4') END)
            """)
    }

    @Test("a session's cohort must include both people")
    func membershipEnforced() throws {
        let error = try #require(throws: PostgresError.self) { try insertSession(mentee: "E3", cohort: true) }
        #expect(error.sqlState == .foreignKeyViolation)
        #expect(error.message.contains("E3 is not a member"))
        try insertSession(mentee: "E2", cohort: true)
        try insertSession(mentee: "E3", cohort: false)
        // Moving a session into a cohort its mentee is not in is refused too.
        #expect(throws: PostgresError.self) {
            try fixture.connection.execute("""
                UPDATE mm.sessions SET cohort_id = (SELECT cohort_id FROM mm.cohorts WHERE external_id = 'Q4')
                WHERE mentee_id = 'E3'
                """)
        }
        // A membership that a session relies on cannot be deleted.
        #expect(throws: PostgresError.self) {
            try fixture.connection.execute("DELETE FROM mm.cohort_members WHERE employee_id = 'E2'")
        }
        #expect(try fixture.count("cohort_members") == 2)
    }

    @Test("checks: different people, 1–480 minutes, ratings 1–5, known people")
    func checks() throws {
        for statement: SQLQuery in [
            "INSERT INTO mm.sessions (mentor_id, mentee_id, started_at, duration_minutes) VALUES ('E1', 'E1', now(), 20)",
            "INSERT INTO mm.sessions (mentor_id, mentee_id, started_at, duration_minutes) VALUES ('E1', 'E2', now(), 0)",
            "INSERT INTO mm.sessions (mentor_id, mentee_id, started_at, duration_minutes) VALUES ('E1', 'E2', now(), 481)",
            "INSERT INTO mm.sessions (mentor_id, mentee_id, started_at, duration_minutes) VALUES ('E1', 'E404', now(), 20)",
        ] {
            let error = try #require(throws: PostgresError.self) { try fixture.connection.execute(statement) }
            #expect(error.sqlState?.errorClass == "23")
        }
        try fixture.connection.execute("INSERT INTO mm.sessions (mentor_id, mentee_id, started_at, duration_minutes) VALUES ('E1', 'E2', now(), 20)")
        let error = try #require(throws: PostgresError.self) {
            try fixture.connection.execute("INSERT INTO mm.outcomes (session_id, mentee_rating) SELECT session_id, 6 FROM mm.sessions")
        }
        #expect(error.sqlState == .checkViolation)
    }
}
