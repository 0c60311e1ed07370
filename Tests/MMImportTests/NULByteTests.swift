import Foundation
import MMDomain
import MMImport
import Testing
import TestSupport

/// A NUL byte is no text: every import kind reports it with the file's line and column before
/// anything reaches COPY (whose own message would name the staging table's line).
@Suite("NUL bytes in files")
struct NULByteTests {
    @Test("a roster with a NUL byte is refused at its line and column, the database unchanged")
    func roster() throws {
        let fixture = try RosterFixture()
        let before = try fixture.fingerprint()
        let problems = try fixture.problems("Employee ID,Email,Department\nE1,a@x.test,Sales\nE2,b@x.test,Sa\u{0}les\n")
        #expect(problems.contains { $0.line == 3 && $0.column == "Department" && $0.message.contains("NUL byte") },
                "\(problems)")
        #expect(try fixture.fingerprint() == before)
    }

    @Test("every program kind reports a NUL byte at its line and column", arguments: [
        (ProgramImportKind.cohorts, "cohort_id,cohort_name,start_date,end_date\nQ1,Win\u{0}ter,2026-01-01,2026-03-31\n", "cohort_name"),
        (.enrollments, "cohort,employee_id,role\nQ4,E1\u{0},mentor\n", "employee_id"),
        (.mentors, "employee_id,topics,capacity\nE1,sql\u{0},2\n", "topics"),
        (.sessions, "session_id,mentor_employee_id,mentee_employee_id,started_at,duration_minutes\nS1,E1,E2,2026-10-03T14:00:00Z,2\u{0}\n",
         "duration_minutes"),
        (.outcomes, "session_id,rating,comment\nS1,5,go\u{0}od\n", "comment"),
    ])
    func programKinds(kind: ProgramImportKind, csv: String, column: String) throws {
        let fixture = try ProgramFixture.withCohorts()
        let problems = try fixture.problems(kind, csv)
        #expect(problems.contains { $0.line == 2 && $0.column == column && $0.message.contains("NUL byte") }, "\(problems)")
    }
}
