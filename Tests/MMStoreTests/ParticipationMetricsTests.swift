import MMCalendar
import Foundation
import MMDomain
import MMStore
import MMImport
import PostgresClient
import Testing
import TestSupport

@Suite("mm_metrics.participation_monthly on hand-built data")
struct ParticipationMetricsTests {
    let fixture: ProgramFixture

    /// July: two completed sessions and a cancelled one; August: nothing; September: two
    /// completed, a no-show and a scheduled one. Every figure below is worked out by hand.
    init() throws {
        fixture = try ProgramFixture()
        try fixture.run(.sessions, """
            session_id,mentor_employee_id,mentee_employee_id,started_at,duration_minutes,status
            S1,E1,E2,2026-07-01T00:00:00Z,20,completed
            S2,E1,E3,2026-07-31T23:59:00Z,30,completed
            S3,E4,E2,2026-07-15T10:00:00Z,30,cancelled
            S4,E1,E2,2026-09-02T10:00:00Z,45,completed
            S5,E5,E6,2026-09-03T10:00:00Z,15,completed
            S6,E1,E3,2026-09-04T10:00:00Z,30,no_show
            S7,E3,E4,2026-09-05T10:00:00Z,30,scheduled
            """)
        try fixture.run(.outcomes, "session_id,rating,goal_met\nS1,5,yes\nS2,3,no\nS4,4,\n")
    }

    func month(_ day: String) throws -> PostgresRow {
        try #require(try fixture.connection.query(
            "SELECT * FROM mm_metrics.participation_monthly WHERE month = \(day)::date").first)
    }

    /// The session figures of a month: how many, the share held as planned, their minutes.
    func expectSessions(_ row: PostgresRow, count: Int, completionRate: Double, minutes: Int) throws {
        #expect(try row.decode(Int.self, "sessions") == count)
        #expect(try row.decode(Double.self, "completion_rate") == completionRate)
        #expect(try row.decode(Int.self, "mentoring_minutes") == minutes)
    }

    @Test func july() throws {
        let row = try month("2026-07-01")
        try expectSessions(row, count: 2, completionRate: 2.0 / 3.0, minutes: 50)
        #expect(try row.decode(Int.self, "active_mentees") == 2)
        #expect(try row.decode(Int.self, "active_mentors") == 1)
        #expect(try row.decode(Int.self, "active_participants") == 3)
        #expect(try row.decode(Int.self, "new_participants") == 3)
        #expect(try row.decode(Double?.self, "retention_rate") == nil) // nobody was active in June
        // On staff at the end of July: E1–E6 (E4 on leave counts); E9 left on 30 June.
        #expect(try row.decode(Double.self, "participation_rate") == 0.5)
        // Two sessions rated by two mentees: fewer than k = 5 raters, so no rating or goal
        // figure (DESIGN.md, "Privacy"); the count of ratings is shown.
        #expect(try row.decode(Double?.self, "avg_rating") == nil)
        #expect(try row.decode(Double?.self, "goal_met_rate") == nil)
        #expect(try row.decode(Int.self, "rated_sessions") == 2)
        #expect(try row.decode(Int.self, "headcount") == 6)
    }

    @Test("a month without sessions has a row of zeros")
    func august() throws {
        let row = try month("2026-08-01")
        #expect(try row.decode(Int.self, "sessions") == 0)
        #expect(try row.decode(Double?.self, "completion_rate") == nil)
        #expect(try row.decode(Int.self, "active_participants") == 0)
        #expect(try row.decode(Double.self, "retention_rate") == 0) // July's three, none active
        #expect(try row.decode(Double.self, "participation_rate") == 0)
        #expect(try row.decode(Double?.self, "avg_rating") == nil)
    }

    @Test func september() throws {
        let row = try month("2026-09-01")
        try expectSessions(row, count: 2, completionRate: 2.0 / 3.0, minutes: 60)
        #expect(try row.decode(Int.self, "active_mentors") == 2)
        #expect(try row.decode(Int.self, "active_participants") == 4)
        #expect(try row.decode(Int.self, "new_participants") == 2) // E5 and E6
        #expect(try row.decode(Double?.self, "retention_rate") == nil) // nobody active in August
        #expect(try row.decode(Double.self, "participation_rate") == 4.0 / 6.0)
        #expect(try row.decode(Double?.self, "avg_rating") == nil) // one rater
        #expect(try row.decode(Int.self, "rated_sessions") == 1)
        #expect(try row.decode(Double?.self, "goal_met_rate") == nil)
    }

    @Test("months run from the first session's to the last complete month")
    func monthRange() throws {
        let months = try fixture.connection.query("SELECT month FROM mm_metrics.participation_monthly ORDER BY month")
            .rows.map { try $0.decode(CalendarDate.self, "month") }
        let now = Date()
        let today = CalendarDate(daysSinceEpoch: Int(now.timeIntervalSince1970 / 86_400))
        let lastComplete = CalendarDate(year: today.month == 1 ? today.year - 1 : today.year,
                                        month: today.month == 1 ? 12 : today.month - 1, day: 1)
        #expect(months.first == CalendarDate(year: 2026, month: 7, day: 1))
        #expect(months.last == lastComplete)
        #expect(Set(months).count == months.count)
    }

    @Test("a range of months gives the view's figures, also where earlier months matter")
    func rangeFunctionMatchesTheView() throws {
        // September alone: new participants and retention depend on July and August.
        let ranged = try #require(try fixture.connection.query(
            "SELECT * FROM mm_metrics.participation_between('2026-09-15', '2026-09-15')").first)
        let viewed = try month("2026-09-01")
        #expect(try ranged.decode(CalendarDate.self, "month") == CalendarDate(iso: "2026-09-01"))
        for column in ["sessions", "mentoring_minutes", "active_participants", "new_participants"] {
            #expect(try ranged.decode(Int.self, column) == viewed.decode(Int.self, column), "\(column)")
        }
        for column in ["completion_rate", "retention_rate", "participation_rate", "avg_rating", "goal_met_rate"] {
            #expect(try ranged.decode(Double?.self, column) == viewed.decode(Double?.self, column), "\(column)")
        }
        #expect(try ranged.decode(Int.self, "new_participants") == 2)
        // August alone: July's three people were active the month before, none retained.
        let august = try #require(try fixture.connection.query(
            "SELECT * FROM mm_metrics.participation_between('2026-08-01', '2026-08-31')").first)
        #expect(try august.decode(Double.self, "retention_rate") == 0)
        #expect(try fixture.connection.query("SELECT * FROM mm_metrics.participation_between('2020-01-01', '2020-12-01')").isEmpty)
    }

    @Test("the reporting role reads mm_metrics and nothing in mm")
    func reportingRole() throws {
        let login = "analyst_\(UUID().uuidString.prefix(8).lowercased())"
        try fixture.connection.execute("CREATE ROLE \(identifier: login) LOGIN IN ROLE mm_reporting")
        try fixture.connection.execute("SET ROLE \(identifier: login)")
        defer { _ = try? fixture.connection.execute("RESET ROLE") }
        #expect(try fixture.connection.query("SELECT count(*)::int AS n FROM mm_metrics.participation_monthly").first!.decode(Int.self, "n") >= 3)
        // Every relation and range function in mm_metrics answers (the breakdowns' functions
        // run with their owner's rights, so the role needs nothing in mm).
        let relations = try fixture.connection.query("""
            SELECT table_name FROM information_schema.tables WHERE table_schema = 'mm_metrics' ORDER BY table_name
            """).rows.map { try $0.decode(String.self, "table_name") }
        #expect(relations.count >= 6)
        for relation in relations {
            #expect(throws: Never.self) { try fixture.connection.query("SELECT * FROM mm_metrics.\(identifier: relation)") }
        }
        #expect(throws: Never.self) {
            try fixture.connection.query("SELECT * FROM mm_metrics.participation_between('2026-07-01', '2026-09-01')")
            try fixture.connection.query("SELECT * FROM mm_metrics.participation_breakdown_between('cohort', '2026-07-01', '2026-09-01')")
            try fixture.connection.query("SELECT * FROM mm_metrics.department_ties_between('2026-07-01', '2026-09-01')")
        }
        let error = try #require(throws: PostgresError.self) {
            try fixture.connection.query("SELECT count(*) FROM mm.employees")
        }
        #expect(error.sqlState == .insufficientPrivilege)
    }
}
