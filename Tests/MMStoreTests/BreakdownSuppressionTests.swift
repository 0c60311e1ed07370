import Foundation
import MMDomain
import MMStore
import MMImport
import PostgresClient
import Testing
import TestSupport

@Suite("Breakdowns suppress small groups, also against subtraction")
struct BreakdownSuppressionTests {
    let roster: RosterFixture

    /// Department A has 6 people, B 5, C 4; in September 2026 everybody meets someone of their
    /// own department: A 3 sessions, B 3 (one person twice), C 2.
    init() throws {
        roster = try RosterFixture()
        var csv = "Employee ID,Email,Department,Location\n"
        for (department, size) in [("A", 6), ("B", 5), ("C", 4)] {
            for i in 1...size { csv += "\(department)\(i),\(department.lowercased())\(i)@x.test,\(department),HQ\n" }
        }
        try roster.importRoster(csv, asOf: "2026-01-01")
        let sessions = """
            session_id,mentor_employee_id,mentee_employee_id,started_at,duration_minutes
            1,A1,A2,2026-09-01T10:00:00Z,20
            2,A3,A4,2026-09-02T10:00:00Z,20
            3,A5,A6,2026-09-03T10:00:00Z,20
            4,B1,B2,2026-09-01T10:00:00Z,30
            5,B3,B4,2026-09-02T10:00:00Z,30
            6,B5,B1,2026-09-03T10:00:00Z,30
            7,C1,C2,2026-09-01T10:00:00Z,40
            8,C3,C4,2026-09-02T10:00:00Z,40

            """
        _ = try ProgramImporter(connection: roster.connection)
            .run(.sessions, file: InputFile(name: "s.csv", data: Data(sessions.utf8)), options: ProgramImportOptions())
    }

    func departments() throws -> [String: Int?] {
        var result: [String: Int?] = [:]
        for row in try roster.connection.query("""
            SELECT department, active_participants FROM mm_metrics.participation_by_department WHERE month = '2026-09-01'
            """).rows {
            result[try row.decode(String.self, "department")] = try row.decode(Int?.self, "active_participants")
        }
        return result
    }

    @Test("a group of 4 shows nothing, and so does the next-smallest group")
    func suppression() throws {
        let shown = try departments()
        #expect(shown.count == 3)
        #expect(shown["A"] == .some(6))
        #expect(shown["C"] == .some(nil))
        // Without this, 15 (overall) − 6 (A) − 5 (B) would reveal C's 4.
        #expect(shown["B"] == .some(nil))
        let total = try roster.connection.query("SELECT active_participants FROM mm_metrics.participation_monthly WHERE month = '2026-09-01'")
            .first!.decode(Int.self, "active_participants")
        #expect(total == 15) // overall totals are never suppressed
        let row = try #require(try roster.connection.query("""
            SELECT sessions, mentoring_minutes, avg_rating FROM mm_metrics.participation_by_department
            WHERE month = '2026-09-01' AND department = 'C'
            """).first)
        #expect(try row.decode(Int?.self, "sessions") == nil)
        #expect(try row.decode(Int?.self, "mentoring_minutes") == nil)
    }

    @Test("the threshold is configurable but never below 3")
    func threshold() throws {
        try roster.connection.execute("UPDATE mm.settings SET value = '3' WHERE key = 'small_group_threshold'")
        #expect(try departments() == ["A": 6, "B": 5, "C": 4])
        try roster.connection.execute("UPDATE mm.settings SET value = '1' WHERE key = 'small_group_threshold'")
        #expect(try departments() == ["A": 6, "B": 5, "C": 4])
        try roster.connection.execute("UPDATE mm.settings SET value = '6' WHERE key = 'small_group_threshold'")
        let shown = try departments()
        #expect(shown["A"] == .some(6))
        #expect(shown["B"] == .some(nil) && shown["C"] == .some(nil))
    }

    @Test("departments are those as of each session")
    func departmentAsOfSession() throws {
        // C1 moves to department A in October; September's figures must not change.
        let before = try departments()
        var csv = "Employee ID,Email,Department,Location\n"
        for (department, size) in [("A", 6), ("B", 5), ("C", 4)] {
            for i in 1...size {
                let current = department == "C" && i == 1 ? "A" : department
                csv += "\(department)\(i),\(department.lowercased())\(i)@x.test,\(current),HQ\n"
            }
        }
        try roster.importRoster(csv, asOf: "2026-10-01")
        #expect(try departments() == before)
    }

    @Test("the department tie matrix suppresses the same way")
    func tieMatrix() throws {
        var cells: [String: Int?] = [:]
        for row in try roster.connection.query("""
            SELECT department_a || '-' || department_b AS cell, new_ties FROM mm_metrics.department_ties_monthly
            WHERE month = '2026-09-01'
            """).rows {
            cells[try row.decode(String.self, "cell")] = try row.decode(Int?.self, "new_ties")
        }
        #expect(cells["A-A"] == .some(3))
        #expect(cells["C-C"] == .some(nil)) // 4 people
        #expect(cells["B-B"] == .some(nil)) // hidden too, or overall minus A-A would reveal C-C
        #expect(cells.count == 3)
    }

    @Test("an unknown dimension is an error, not the cohort breakdown")
    func unknownDimension() throws {
        for dimension in ["departments", "", "Cohort"] {
            let error = try #require(throws: PostgresError.self) {
                try roster.connection.query("""
                    SELECT * FROM mm_metrics.participation_breakdown_between(\(dimension), '2026-09-01', '2026-09-01')
                    """)
            }
            #expect(error.sqlState == SQLState("22023"), "\(dimension): \(error.message)")
        }
        let cohorts = try roster.connection.query("""
            SELECT count(*)::int AS n FROM mm_metrics.participation_breakdown_between('cohort', '2026-09-01', '2026-09-01')
            """)
        #expect(try cohorts.first!.decode(Int.self, "n") == 1)   // all sessions without a cohort: one group
    }
}

