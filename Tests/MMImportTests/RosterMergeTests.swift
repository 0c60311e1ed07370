import MMCalendar
import Foundation
import MMDomain
import MMStore
import MMImport
import PostgresClient
import Testing
import TestSupport

@Suite("Roster merge: snapshots, history, idempotency")
struct RosterMergeTests {
    let fixture: RosterFixture
    init() throws { fixture = try RosterFixture() }
    let header = RosterFixture.header

    @Test func firstImportInsertsEveryone() throws {
        let result = try fixture.importRoster(RosterFixture.baseRoster, asOf: "2026-10-01")
        #expect(result.counts.inserted == 6)
        #expect(result.counts.rowsRead == 6)
        #expect(try fixture.count("employees") == 6)
        #expect(try fixture.count("employee_history") == 6)
        let onLeave = try #require(try fixture.employee("E4"))
        #expect(try onLeave.decode(String.self, "status") == "active") // on leave counts as employed
        let log = try #require(try fixture.connection.query(
            "SELECT file_name, inserted, rows_read, as_of, length(content_sha256) AS hash_length FROM mm.import_log").first)
        #expect(try log.decode(String.self, "file_name") == "roster.csv")
        #expect(try log.decode(Int.self, "inserted") == 6)
        #expect(try log.decode(Int.self, "hash_length") == 64)
    }

    @Test("a full snapshot deactivates the missing; changes open new history periods; the past stays")
    func secondMonth() throws {
        try fixture.importRoster(RosterFixture.baseRoster, asOf: "2026-10-01")
        let next = """
            \(header)
            E1,ann@acme.test,Ann,Lee,Exec,CEO,Berlin,,2020-01-01,Active,
            E2,bo@acme.test,Bo,Berg,Marketing,Lead,Berlin,E1,2021-01-01,Active,
            E3,cy@acme.test,Cy,Chu,Engineering,Dev,Madrid,E1,2021-06-01,Active,
            E4,di@acme.test,Di,Diaz,Engineering,Dev,Madrid,E1,2022-01-01,Active,
            E5,ed@acme.test,Ed,Eng,Sales,Rep,Paris,E1,2022-05-01,Terminated,2026-10-20
            E7,gi@acme.test,Gi,Gao,Sales,Rep,Paris,E2,2026-10-15,Active,

            """
        let result = try fixture.importRoster(next, asOf: "2026-11-01") { $0.maximumDeactivationShare = 0.5 }
        #expect(result.counts.inserted == 1)     // E7
        #expect(result.counts.updated == 1)      // E2 moved
        #expect(result.counts.deactivated == 2)  // E5 terminated, E6 missing
        #expect(result.counts.unchanged == 3)    // E1, E3, E4
        #expect(try fixture.employee("E6")?.decode(String.self, "status") == "inactive")
        #expect(try fixture.employee("E6")?.decode(CalendarDate.self, "left_on") == RosterFixture.day("2026-11-01"))
        #expect(try fixture.employee("E5")?.decode(CalendarDate.self, "left_on") == RosterFixture.day("2026-10-20"))
        #expect(try fixture.department("E2", on: "2026-10-15") == "Sales")
        #expect(try fixture.department("E2", on: "2026-11-01") == "Marketing")
        #expect(try fixture.department("E2", on: "2026-12-31") == "Marketing")
        // Before the first recorded period, the earliest values apply.
        #expect(try fixture.department("E2", on: "2020-01-01") == "Sales")
        #expect(try fixture.employee("E6") != nil) // nothing is deleted
    }

    @Test("someone who comes back is reactivated, with their left-on date cleared")
    func reactivation() throws {
        try fixture.importRoster(RosterFixture.baseRoster, asOf: "2026-10-01")
        let withoutE6 = RosterFixture.baseRoster.split(separator: "\n").filter { !$0.hasPrefix("E6") }.joined(separator: "\n")
        try fixture.importRoster(withoutE6, asOf: "2026-11-01")
        #expect(try fixture.employee("E6")?.decode(String.self, "status") == "inactive")
        let back = try fixture.importRoster(RosterFixture.baseRoster, asOf: "2026-12-01")
        #expect(back.counts.reactivated == 1)
        #expect(back.counts.unchanged == 5)
        #expect(try fixture.employee("E6")?.decode(String.self, "status") == "active")
        #expect(try fixture.employee("E6")?.decode(CalendarDate?.self, "left_on") == nil)
        let statuses = try fixture.connection.query(
            "SELECT status FROM mm.employee_history WHERE employee_id = 'E6' ORDER BY valid_from").rows.map { try $0.decode(String.self, "status") }
        #expect(statuses == ["active", "inactive", "active"])
    }

    @Test("--partial only upserts")
    func partial() throws {
        try fixture.importRoster(RosterFixture.baseRoster, asOf: "2026-10-01")
        let result = try fixture.importRoster("\(header)\nE8,h8@acme.test,Ha,Ho,Ops,Lead,Rome,E1,2026-10-10,Active,\n",
                                              asOf: "2026-11-01") { $0.partial = true }
        #expect(result.counts.inserted == 1)
        #expect(result.counts.deactivated == 0)
        #expect(try fixture.connection.query("SELECT count(*)::int AS n FROM mm.employees WHERE status = 'active'")
            .first!.decode(Int.self, "n") == 7)
    }

    @Test("re-importing the same content changes nothing and says so")
    func idempotent() throws {
        let first = try fixture.importRoster(RosterFixture.baseRoster, asOf: "2026-10-01")
        let before = try fixture.fingerprint()
        let again = try fixture.importRoster(RosterFixture.baseRoster, asOf: "2026-10-01", name: "copy-of-roster.csv")
        guard case .imported(let id) = first.outcome else { Issue.record("not imported"); return }
        #expect(again.outcome == .alreadyImported(importID: id))
        #expect(try fixture.fingerprint() == before)
        // The same people in a different file (reordered rows) change nothing either.
        var lines = RosterFixture.baseRoster.split(separator: "\n").map(String.init)
        lines = [lines[0]] + lines.dropFirst().reversed()
        let reordered = try fixture.importRoster(lines.joined(separator: "\n"), asOf: "2026-10-01")
        #expect(reordered.counts.unchanged == 6)
        #expect(!reordered.counts.changesSomething)
        #expect(try fixture.count("employee_history") == 6)
    }

    @Test("an older roster imported again after a later one is recognised, not refused")
    func olderRosterAgain() throws {
        let first = try fixture.importRoster(RosterFixture.baseRoster, asOf: "2026-10-01")
        let withoutE6 = RosterFixture.baseRoster.split(separator: "\n").filter { !$0.hasPrefix("E6") }.joined(separator: "\n")
        try fixture.importRoster(withoutE6, asOf: "2026-11-01")
        let before = try fixture.fingerprint()
        let again = try fixture.importRoster(RosterFixture.baseRoster, asOf: "2026-10-01")
        guard case .imported(let id) = first.outcome else { Issue.record("not imported"); return }
        #expect(again.outcome == .alreadyImported(importID: id))
        #expect(try fixture.fingerprint() == before)
    }

    @Test("--dry-run reports counts and examples and changes nothing")
    func dryRun() throws {
        try fixture.importRoster(RosterFixture.baseRoster, asOf: "2026-10-01")
        let before = try fixture.fingerprint()
        let result = try fixture.importRoster("\(header)\nE9,i9@acme.test,I,J,Ops,Lead,Rome,E1,2026-10-10,Active,\n",
                                              asOf: "2026-11-01") { $0.dryRun = true; $0.partial = true }
        #expect(result.outcome == .dryRun)
        #expect(result.counts.inserted == 1)
        #expect(result.samples.contains { $0.kind == "inserted" && $0.employeeIDs == ["E9"] })
        #expect(try fixture.fingerprint() == before)
    }

    @Test("an empty snapshot, or one deactivating too many, is refused unless confirmed")
    func truncatedExportsRefused() throws {
        try fixture.importRoster(RosterFixture.baseRoster, asOf: "2026-10-01")
        let before = try fixture.fingerprint()
        let empty = try #require(throws: MMError.self) { try fixture.importRoster("\(header)\n", asOf: "2026-11-01") }
        #expect(empty.category == .dataError)   // exit 65 on the command line
        #expect(empty.remedy == .confirmDeactivationsOrImportPartial)
        let truncated = "\(header)\nE1,ann@acme.test,Ann,Lee,Exec,CEO,Berlin,,2020-01-01,Active,\n"
        let many = try #require(throws: MMError.self) { try fixture.importRoster(truncated, asOf: "2026-11-01") }
        #expect(many.message.contains("would deactivate 5 of 6"))
        #expect(try fixture.fingerprint() == before)
        let confirmed = try fixture.importRoster(truncated, asOf: "2026-11-01") { $0.confirmDeactivations = true }
        #expect(confirmed.counts.deactivated == 5)
    }

    @Test("a backfilled roster splits history without touching the present")
    func backfill() throws {
        try fixture.importRoster(RosterFixture.baseRoster, asOf: "2026-10-01")
        let moved = RosterFixture.baseRoster.replacingOccurrences(of: "E3,cy@acme.test,Cy,Chu,Engineering", with: "E3,cy@acme.test,Cy,Chu,Research")
        try fixture.importRoster(moved, asOf: "2026-12-01")
        let older = RosterFixture.baseRoster.replacingOccurrences(of: "E3,cy@acme.test,Cy,Chu,Engineering", with: "E3,cy@acme.test,Cy,Chu,Support")
        try fixture.importRoster(older, asOf: "2026-11-01") { $0.backfill = true }
        #expect(try fixture.department("E3", on: "2026-10-15") == "Engineering")
        #expect(try fixture.department("E3", on: "2026-11-15") == "Support")
        #expect(try fixture.department("E3", on: "2026-12-15") == "Research")
        #expect(try fixture.employee("E3")?.decode(String.self, "department") == "Research")
        // The next monthly roster is compared with the present (Research), not the backfill.
        let same = try fixture.importRoster(moved, asOf: "2027-01-01")
        #expect(same.counts.unchanged == 6 && !same.counts.changesSomething)
        let back = try fixture.importRoster(older, asOf: "2027-02-01")
        #expect(back.counts.updated == 1)
        #expect(try fixture.department("E3", on: "2027-01-15") == "Research")
        #expect(try fixture.department("E3", on: "2027-02-15") == "Support")
        let periods = try fixture.connection.query("""
            SELECT valid_from::text || '..' || coalesce(valid_to::text, '') AS p FROM mm.employee_history
            WHERE employee_id = 'E3' ORDER BY valid_from
            """).rows.map { try $0.decode(String.self, "p") }
        #expect(periods == ["2026-10-01..2026-11-01", "2026-11-01..2026-12-01", "2026-12-01..2027-02-01", "2027-02-01.."])
    }

    @Test("a first roster stores people as a later one does (it skips the comparison)")
    func firstRosterLikeLater() throws {
        let rows = "X1,x1@acme.test,Xa,Xu,Ops,Lead,Rome,,2020-01-01,Terminated,\n"
            + "X2,x2@acme.test,Xb,Xv,Ops,Dev,Rome,X1,2021-01-01,Active,2027-03-01\n"
        func stored(_ fixture: RosterFixture) throws -> [String] {
            try fixture.connection.query("""
                SELECT concat_ws('|', e.employee_id, e.email, e.given_name, e.family_name, e.department, e.title, e.location,
                                 e.manager_id, e.hire_date, e.status, e.left_on, h.valid_from, h.valid_to, h.status) AS r
                FROM mm.employees AS e JOIN mm.employee_history AS h USING (employee_id)
                WHERE e.employee_id IN ('X1', 'X2') ORDER BY 1
                """).rows.map { try $0.decode(String.self, "r") }
        }
        let first = try fixture.importRoster("\(header)\n" + rows, asOf: "2026-10-01")
        #expect(first.counts.inserted == 2)
        let later = try RosterFixture()
        try later.importRoster(RosterFixture.baseRoster, asOf: "2026-09-01")
        let second = try later.importRoster("\(header)\n" + rows, asOf: "2026-10-01") { $0.partial = true }
        #expect(second.counts.inserted == 2)
        #expect(try stored(fixture) == [
            "X1|x1@acme.test|Xa|Xu|Ops|Lead|Rome|2020-01-01|inactive|2026-10-01|2026-10-01|inactive",
            "X2|x2@acme.test|Xb|Xv|Ops|Dev|Rome|X1|2021-01-01|active|2027-03-01|2026-10-01|active",
        ])
        #expect(try stored(later) == stored(fixture))
    }

    @Test("a first roster's dry run or rejection leaves nothing, and the same connection imports it next")
    func firstRosterDryRunAndRejection() throws {
        let before = try fixture.fingerprint()
        let dry = try fixture.importRoster(RosterFixture.baseRoster, asOf: "2026-10-01") { $0.dryRun = true }
        #expect(dry.outcome == .dryRun)
        #expect(dry.counts.inserted == 6)
        #expect(dry.samples.contains { $0.kind == "inserted" && $0.employeeIDs.first == "E1" })
        #expect(try fixture.fingerprint() == before)
        let duplicated = RosterFixture.baseRoster + "E2,other@acme.test,Bo,Berg,Sales,Rep,Berlin,E1,2021-01-01,Active,\n"
        let problems = try fixture.problems(duplicated, asOf: "2026-10-01")
        #expect(problems.contains { $0.line == 8 && $0.message.contains("already appears on line 3") })
        #expect(try fixture.fingerprint() == before)
        #expect(try fixture.importRoster(RosterFixture.baseRoster, asOf: "2026-10-01").counts.inserted == 6)
    }

    @Test("a corrected roster for the same day overwrites that day's period")
    func sameDayCorrection() throws {
        try fixture.importRoster(RosterFixture.baseRoster, asOf: "2026-10-01")
        let corrected = RosterFixture.baseRoster.replacingOccurrences(of: "E3,cy@acme.test,Cy,Chu,Engineering", with: "E3,cy@acme.test,Cy,Chu,Research")
        let result = try fixture.importRoster(corrected, asOf: "2026-10-01")
        #expect(result.counts.updated == 1)
        #expect(try fixture.department("E3", on: "2026-10-15") == "Research")
        #expect(try fixture.employee("E3")?.decode(String.self, "department") == "Research")
        #expect(try fixture.count("employee_history") == 6)
    }

    @Test("values are stored exactly as given")
    func exactValues() throws {
        let csv = "Employee ID,Email,First Name,Department,Job Title\n"
            + "X1,x1@acme.test,\"  Zoë  \",\"R&D, \"\"Labs\"\"\",\"=HYPERLINK(\"\"x\"\")\"\n"
        try fixture.importRoster(csv, asOf: "2026-11-01")
        let row = try #require(try fixture.employee("X1"))
        #expect(try row.decode(String.self, "given_name") == "  Zoë  ")
        #expect(try row.decode(String.self, "department") == "R&D, \"Labs\"")
        #expect(try row.decode(String.self, "title") == "=HYPERLINK(\"x\")")
    }

    @Test("a roster of many COPY chunks arrives whole, with tabs, line breaks and backslashes intact")
    func manyChunks() throws {
        // About 90 bytes a row: 4,000 rows are several 32 kB chunks, and the odd values land on
        // both sides of chunk boundaries.
        var csv = "Employee ID,Email,First Name,Department,Manager ID,Hire Date\n"
        for number in 1...4_000 {
            let name = number % 7 == 0 ? "\"Tab\there\\back\nline \(number)\"" : "Person-\(number)"
            csv += "P\(number),p\(number)@acme.test,\(name),Dept \(number % 13),\(number == 1 ? "" : "P1"),2020-01-\(10 + number % 19)\n"
        }
        let result = try fixture.importRoster(csv, asOf: "2026-11-01")
        #expect(result.counts.inserted == 4_000)
        #expect(try fixture.count("employees") == 4_000)
        #expect(try fixture.count("employee_history") == 4_000)
        #expect(try fixture.employee("P3997")?.decode(String.self, "given_name") == "Tab\there\\back\nline 3997")
        #expect(try fixture.employee("P4000")?.decode(CalendarDate.self, "hire_date") == RosterFixture.day("2020-01-20"))
        let mismatched = try fixture.connection.query("""
            SELECT count(*)::int AS n FROM mm.employees
            WHERE given_name <> CASE WHEN substr(employee_id, 2)::int % 7 = 0
                                     THEN E'Tab\\there\\\\back\\nline ' || substr(employee_id, 2)
                                     ELSE 'Person-' || substr(employee_id, 2) END
            """).first!.decode(Int.self, "n")
        #expect(mismatched == 0)
    }

    @Test("history changes mark the network metrics stale from their first day, unless stale from the start")
    func historyMarksMetricsStale() throws {
        try fixture.importRoster(RosterFixture.baseRoster, asOf: "2026-10-01")
        func staleFrom() throws -> String? {
            try fixture.connection.query("SELECT dirty_from::text AS d FROM mm.metrics_state WHERE name = 'network_monthly'")
                .first!.decode(String?.self, "d")
        }
        #expect(try staleFrom() == "-infinity")
        // As after a refresh: nothing stale.
        try fixture.connection.execute("UPDATE mm.metrics_state SET dirty_from = NULL")
        let moved = RosterFixture.baseRoster.replacingOccurrences(of: "E2,bo@acme.test,Bo,Berg,Sales", with: "E2,bo@acme.test,Bo,Berg,Research")
        try fixture.importRoster(moved, asOf: "2026-11-01")
        #expect(try staleFrom() == "2026-11-01")
        try fixture.connection.execute("UPDATE mm.metrics_state SET dirty_from = '-infinity'")
        try fixture.importRoster(RosterFixture.baseRoster, asOf: "2026-12-01")
        #expect(try staleFrom() == "-infinity")
    }
}
