import Foundation
import MMDomain
import MMImport
import MMStore
import PostgresClient
import Testing
import TestSupport

/// Every column of the department breakdown, its quarter, and the overall year-to-date line,
/// against figures worked out by hand; and closed months that stay put when later rosters
/// re-hire someone, correct a hire date, report a past termination or fill in the past.
@Suite("Breakdown figures on hand-built data")
struct BreakdownFiguresTests {
    let fixture: ProgramFixture

    static let header = "Employee ID,Email,Department,Location,Hire Date,Employment Status,Termination Date\n"

    /// Department A: A1–A5 (hired 2020), A6 (hired 15 August 2026); department B: B1–B6, B6
    /// leaves on 10 August (missing from that day's roster). k = 3.
    static func roster(hireA2: String = "2020-01-01", leaverA4: Bool = false, rehireB6: Bool = false, withB6: Bool = true) -> String {
        var csv = header
        for i in 1...6 {
            let hire = i == 6 ? "2026-08-15" : (i == 2 ? hireA2 : "2020-01-01")
            let status = (i == 4 && leaverA4) ? "Terminated,2026-06-15" : "Active,"
            csv += "A\(i),a\(i)@x.test,A,L1,\(hire),\(status)\n"
        }
        for i in 1...6 where i < 6 || withB6 {
            csv += i == 6 && rehireB6 ? "B6,b6@x.test,B,L2,2026-09-20,Active,\n" : "B\(i),b\(i)@x.test,B,L2,2020-01-01,Active,\n"
        }
        return csv
    }

    init() throws {
        fixture = try ProgramFixture.empty()
        try fixture.connection.execute("UPDATE mm.settings SET value = '3' WHERE key = 'small_group_threshold'")
        try fixture.roster.importRoster(Self.roster(), asOf: "2026-01-01")
        try fixture.roster.importRoster(Self.roster(withB6: false), asOf: "2026-08-10")
        try fixture.run(.sessions, """
            session_id,mentor_employee_id,mentee_employee_id,started_at,duration_minutes,status
            s1,A1,A2,2026-07-01T10:00:00Z,30,completed
            s2,A1,A3,2026-07-02T10:00:00Z,20,completed
            s3,B1,A4,2026-07-03T10:00:00Z,40,completed
            s4,A2,A5,2026-07-04T10:00:00Z,30,cancelled
            s9,B2,B3,2026-07-05T10:00:00Z,30,completed
            s10,A1,A5,2026-07-06T10:00:00Z,10,completed
            s5,A1,A2,2026-08-01T10:00:00Z,30,completed
            s6,B2,B3,2026-08-02T10:00:00Z,30,completed
            s7,A3,B4,2026-08-03T10:00:00Z,30,no_show
            s8,A6,A5,2026-08-20T10:00:00Z,25,completed
            s11,B4,B5,2026-08-21T10:00:00Z,15,completed
            """)
        try fixture.run(.outcomes, "session_id,rating,goal_met\ns1,5,yes\ns2,4,no\ns10,3,yes\ns5,2,\n")
    }

    /// The named columns of one row of a query, as numbers (nil for NULL).
    func figures(_ sql: SQLQuery) throws -> [String: Double?] {
        let result = try fixture.connection.query(sql)
        let row = try #require(result.first)
        var values: [String: Double?] = [:]
        for column in result.columns.map(\.name) where !["month", "quarter", "year", "through", "department", "period", "group_name"].contains(column) {
            values[column] = try row.decode(Double?.self, column)
        }
        return values
    }

    func department(_ name: String, _ month: String) throws -> [String: Double?] {
        try figures("SELECT * FROM mm_metrics.participation_by_department WHERE department = \(name) AND month = \(month)::date")
    }

    @Test("July, department A: every column")
    func julyA() throws {
        #expect(try department("A", "2026-07-01") == [
            "headcount": 5, "sessions": 4, "completion_rate": 0.8, "mentoring_minutes": 100, "active_mentees": 4,
            "active_mentors": 1, "active_participants": 5, "new_participants": 5, "retention_rate": nil,
            "participation_rate": 1, "avg_rating": 4, "goal_met_rate": 2.0 / 3.0, "rated_sessions": 3,
        ])
    }

    @Test("July, department B: a session counts in the department of each of its people")
    func julyB() throws {
        #expect(try department("B", "2026-07-01") == [
            "headcount": 6, "sessions": 2, "completion_rate": 1, "mentoring_minutes": 70, "active_mentees": 1,
            "active_mentors": 2, "active_participants": 3, "new_participants": 3, "retention_rate": nil,
            "participation_rate": 0.5, "avg_rating": nil, "goal_met_rate": nil, "rated_sessions": 0,
        ])
    }

    @Test("August: retention, a new hire, a leaver, and a rating from one mentee hidden")
    func august() throws {
        #expect(try department("A", "2026-08-01") == [
            "headcount": 6, "sessions": 2, "completion_rate": 2.0 / 3.0, "mentoring_minutes": 55, "active_mentees": 2,
            "active_mentors": 2, "active_participants": 4, "new_participants": 1, "retention_rate": 0.6,
            "participation_rate": 4.0 / 6.0, "avg_rating": nil, "goal_met_rate": nil, "rated_sessions": nil,
        ])
        #expect(try department("B", "2026-08-01") == [
            "headcount": 5, "sessions": 2, "completion_rate": 2.0 / 3.0, "mentoring_minutes": 45, "active_mentees": 2,
            "active_mentors": 2, "active_participants": 4, "new_participants": 2, "retention_rate": 2.0 / 3.0,
            "participation_rate": 0.8, "avg_rating": nil, "goal_met_rate": nil, "rated_sessions": nil,
        ])
    }

    @Test("a month without sessions has a row of zeros for every group with staff")
    func zeroRows() throws {
        let september = try fixture.connection.query("""
            SELECT department, headcount, sessions, active_participants, retention_rate
            FROM mm_metrics.participation_by_department WHERE month = '2026-09-01' ORDER BY department
            """).rows
        #expect(try september.map { try $0.decode(String.self, "department") } == ["A", "B"])
        #expect(try september.map { try $0.decode(Int?.self, "headcount") } == [6, 5])
        #expect(try september.map { try $0.decode(Int?.self, "sessions") } == [0, 0])
        #expect(try september.map { try $0.decode(Double?.self, "retention_rate") } == [0, 0])
    }

    @Test("the earliest roster values stand only for days before a person's first period")
    func earliestValuesBeforeHistoryOnly() throws {
        // A1's department is left empty from October; sessions in October are not placed in A.
        let blank = Self.roster().replacingOccurrences(of: "A1,a1@x.test,A,", with: "A1,a1@x.test,,")
        try fixture.roster.importRoster(blank, asOf: "2026-10-01")
        try fixture.run(.sessions, """
            session_id,mentor_employee_id,mentee_employee_id,started_at,duration_minutes
            early,A1,B2,2025-12-15T10:00:00Z,30
            late,A1,B2,2026-10-05T10:00:00Z,30
            """)
        let placed = try fixture.connection.query("""
            SELECT s.external_id, p.mentor_department FROM mm.completed_sessions_placed AS p
            JOIN mm.sessions AS s USING (session_id) WHERE s.external_id IN ('early', 'late') ORDER BY s.external_id
            """).rows.map { "\(try $0.decode(String.self, "external_id"))=\(try $0.decode(String?.self, "mentor_department") ?? "none")" }
        #expect(placed == ["early=A", "late=none"])
    }

    @Test("a cohort's headcount is its members enrolled at the month's end, while the cohort runs")
    func cohortHeadcount() throws {
        try fixture.run(.cohorts, "cohort_id,cohort_name,start_date,end_date\nC1,Summer,2026-07-01,2026-08-31\n")
        try fixture.run(.enrollments, """
            cohort,employee_id,role,enrolled_on,left_on
            C1,A1,mentor,2026-07-01,
            C1,A2,mentee,2026-07-01,
            C1,A3,mentee,2026-07-01,2026-07-20
            C1,B1,mentor,2026-08-05,
            """)
        let headcounts = try fixture.connection.query("""
            SELECT month::text AS m, headcount FROM mm_metrics.participation_by_cohort WHERE cohort = 'Summer' ORDER BY month
            """).rows.map { "\(try $0.decode(String.self, "m")):\(try $0.decode(Int?.self, "headcount").map(String.init) ?? "hidden")" }
        // July: A1 and A2 (A3 left on the 20th): fewer than k = 3, hidden. August: A1, A2, B1.
        // September: the cohort is over, so no row.
        #expect(headcounts == ["2026-07-01:hidden", "2026-08-01:3"])
    }

    @Test("only complete months: the current month has no row")
    func noCurrentMonth() throws {
        let latest = try fixture.connection.query("""
            SELECT max(month) = (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month')::date AS ok
            FROM mm_metrics.participation_by_department
            """).first!.decode(Bool.self, "ok")
        #expect(latest)
    }

    @Test("the third quarter counts people once, and hides feedback hidden in any of its months")
    func quarter() throws {
        #expect(try figures("""
            SELECT * FROM mm_metrics.participation_quarterly_by_department WHERE department = 'A' AND quarter = '2026-07-01'
            """) == [
            "headcount": 6, "sessions": 6, "completion_rate": 0.75, "mentoring_minutes": 155, "active_mentees": 4,
            "active_mentors": 2, "active_participants": 6, "new_participants": 6, "retention_rate": nil,
            "participation_rate": 1, "avg_rating": nil, "goal_met_rate": nil, "rated_sessions": nil,
        ])
        let overall = try figures("SELECT * FROM mm_metrics.participation_quarterly WHERE quarter = '2026-07-01'")
        #expect(overall["active_participants"] == .some(11)) // A1–A6, B1–B5
        #expect(overall["sessions"] == .some(9))
        #expect(overall["rated_sessions"] == .some(4))
        #expect(overall["avg_rating"] == .some(3.5)) // 5, 4, 3, 2 from three mentees: k = 3 raters
    }

    @Test("year to date: January to the given month, people counted once")
    func yearToDate() throws {
        let row = try figures("SELECT * FROM mm_metrics.participation_year_to_date('2026-08-20')")
        #expect(row["active_participants"] == .some(11))
        #expect(row["sessions"] == .some(9))
        #expect(row["headcount"] == .some(11)) // end of August: A1–A6, B1–B5
        let through = try fixture.connection.query("SELECT through FROM mm_metrics.participation_year_to_date('2026-08-20')")
            .first!.decode(String.self, "through")
        #expect(through == "2026-08-01")
    }

    /// Everything the department breakdown and the overall table say about July to September.
    func closedMonths() throws -> [String] {
        try fixture.connection.query("""
            SELECT d::text AS r FROM mm_metrics.participation_by_department AS d WHERE month BETWEEN '2026-07-01' AND '2026-09-01'
            UNION ALL
            SELECT p::text FROM mm_metrics.participation_monthly AS p WHERE month BETWEEN '2026-07-01' AND '2026-09-01'
            ORDER BY 1
            """).rows.map { try $0.decode(String.self, "r") }
    }

    @Test("a later roster that re-hires, corrects a hire date and reports a past termination moves no closed month")
    func laterRoster() throws {
        let before = try closedMonths()
        #expect(before.count == 9)
        try fixture.roster.importRoster(Self.roster(hireA2: "2026-08-01", leaverA4: true, rehireB6: true), asOf: "2026-10-01")
        #expect(try fixture.roster.employee("A2")?.decode(String.self, "hire_date") == "2026-08-01")
        #expect(try closedMonths() == before)
    }

    @Test("a roster backfilled before the first one moves no closed month")
    func backfill() throws {
        let before = try closedMonths()
        try fixture.roster.importRoster(Self.roster(), asOf: "2025-06-01") { $0.backfill = true }
        #expect(try fixture.connection.query("SELECT min(valid_from)::text AS d FROM mm.employee_history").first!
            .decode(String.self, "d") == "2025-06-01")
        #expect(try closedMonths() == before)
    }
}
