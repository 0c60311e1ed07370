import MMCalendar
import Foundation
import MMDomain
import MMStore
import MMImport
import PostgresClient
import Testing
import TestSupport

@Suite("Roster validation: every problem, with line and column, and nothing changed")
struct RosterValidationTests {
    let fixture: RosterFixture
    init() throws { fixture = try RosterFixture() }
    let header = RosterFixture.header

    @Test("all row-level problems are reported together")
    func rowProblems() throws {
        try fixture.importRoster(RosterFixture.baseRoster, asOf: "2026-10-01")
        let before = try fixture.fingerprint()
        let long = String(repeating: "x", count: 201)
        let problems = try fixture.problems("""
            \(header)
            ,missing-id@acme.test,A,B,Sales,Rep,Berlin,,,,
            E10,,A,B,Sales,Rep,Berlin,,,,
            E11,not-an-email,A,B,Sales,Rep,Berlin,,,,
            E12,e12@acme.test,A,B,Sales,Rep,Berlin,,2020-02-30,,
            E13,e13@acme.test,A,B,Sales,Rep,Berlin,,,Wandering,
            E14,e14@acme.test,A,B,\(long),Rep,Berlin,,,,
            E15,e15@acme.test,A,B,Sales,Rep,Berlin,,,,
            E15,e15b@acme.test,A,B,Sales,Rep,Berlin,,,,
            E16,E15@ACME.test,A,B,Sales,Rep,Berlin,,,,
            E17,bo@acme.test,A,B,Sales,Rep,Berlin,,,,
            E18,e18@acme.test,A,B,Sales,Rep,Berlin,E404,,,
            E19,e19@acme.test,A,B,Sales,Rep,Berlin
            E20,e20@acme.test,A,B,Sales,Rep,Berlin,E20,,,
            """, asOf: "2026-11-01")
        let found = Set(problems.map { "\($0.line ?? 0)|\($0.column ?? "")" })
        let expected: Set<String> = [
            "2|Employee ID", "3|Work Email", "4|Work Email", "5|Hire Date", "6|Employment Status",
            "7|Department", "9|Employee ID", "10|Work Email", "11|Work Email", "12|Manager ID", "13|", "14|Manager ID",
        ]
        #expect(expected.isSubset(of: found), "missing: \(expected.subtracting(found))")
        #expect(problems.contains { $0.line == 9 && $0.message.contains("already appears on line 8") })
        #expect(problems.contains { $0.line == 11 && $0.message.contains("already belongs to employee E2") })
        #expect(problems.contains { $0.line == 12 && $0.message.contains("E404") })
        #expect(problems.contains { $0.line == 7 && $0.message.contains("limit is 200") })
        #expect(problems.contains { $0.line == 13 && $0.message.contains("has 7 fields") })
        #expect(try fixture.fingerprint() == before)
    }

    @Test("management cycles inside the file and through stored people")
    func cycles() throws {
        let inFile = try fixture.problems("""
            Employee ID,Email,Manager ID
            A1,a1@x.test,A3
            A2,a2@x.test,A1
            A3,a3@x.test,A2
            A4,a4@x.test,
            """)
        #expect(inFile.count == 1)
        #expect(inFile.first?.message == "management cycle: A1 → A3 → A2 → A1")
        #expect(inFile.first?.line == 2)

        try fixture.importRoster("Employee ID,Email,Manager ID\nB1,b1@x.test,\nB2,b2@x.test,B1\n", asOf: "2026-11-01")
        // B1 (in the file) now reports to B2, who is stored as reporting to B1.
        let through = try fixture.problems("Employee ID,Email,Manager ID\nB1,b1@x.test,B2\n", asOf: "2026-11-02") {
            $0.partial = true
        }
        #expect(through.map(\.message) == ["management cycle: B1 → B2 → B1"])

        // A longer loop through two stored people: C1 now reports to C3, stored under C2 under C1.
        try fixture.importRoster("Employee ID,Email,Manager ID\nC1,c1@x.test,\nC2,c2@x.test,C1\nC3,c3@x.test,C2\n",
                                 asOf: "2026-11-03") { $0.partial = true }
        let longer = try fixture.problems("Employee ID,Email,Manager ID\nC1,c1@x.test,C3\n", asOf: "2026-11-04") {
            $0.partial = true
        }
        #expect(longer.map(\.message) == ["management cycle: C1 → C3 → C2 → C1"])
        // The same chain without a loop is accepted, and a stored manager absent from the file is fine.
        try fixture.importRoster("Employee ID,Email,Manager ID\nC4,c4@x.test,C3\n", asOf: "2026-11-04") { $0.partial = true }
        #expect(try fixture.employee("C4")?.decode(String.self, "manager_id") == "C3")
    }

    @Test("dates: ISO always; US and European only when named")
    func dateFormats() throws {
        let us = "Employee ID,Email,Hire Date\nD1,d1@x.test,03/04/2021\n"
        #expect(try fixture.problems(us).first?.column == "Hire Date")
        try fixture.importRoster(us, asOf: "2026-11-01") { $0.dateFormat = .us }
        #expect(try fixture.employee("D1")?.decode(CalendarDate.self, "hire_date") == RosterFixture.day("2021-03-04"))
        try fixture.importRoster("Employee ID,Email,Hire Date\nD1,d1@x.test,03.04.2021\n", asOf: "2026-11-02") {
            $0.dateFormat = .european
        }
        #expect(try fixture.employee("D1")?.decode(CalendarDate.self, "hire_date") == RosterFixture.day("2021-04-03"))
        #expect(DateFormat.us.parse("13/01/2021") == nil)
        #expect(DateFormat.european.parse("31.04.2021") == nil)
    }

    @Test("an as-of date before the latest import needs --backfill")
    func asOfOrder() throws {
        try fixture.importRoster(RosterFixture.baseRoster, asOf: "2026-11-01")
        let problems = try fixture.problems(RosterFixture.baseRoster, asOf: "2026-10-01")
        #expect(problems.count == 1)
        #expect(problems[0].remedy == .backfill)   // shown as "pass --backfill …"
        try fixture.importRoster(RosterFixture.baseRoster, asOf: "2026-10-01") { $0.backfill = true }
    }

    @Test("structural problems: no required column, empty file, unclosed quote, invalid UTF-8")
    func structure() throws {
        let noEmail = try fixture.problems("Employee ID,Name\nE1,Ann\n")
        #expect(noEmail.first?.message.contains("no column for email") == true)
        #expect(try fixture.problems("").first?.message.contains("empty") == true)
        let unclosed = try fixture.problems("Employee ID,Email,Department\nE1,a@x.test,\"Sales\nE2,b@x.test,Ops\n")
        #expect(unclosed.contains { $0.line == 2 && $0.message.contains("never closed") })
        var bytes = Data("Employee ID,Email,Department\nE1,a@x.test,".utf8)
        bytes.append(contentsOf: [0xC3, 0x28, 0x0A])
        do {
            _ = try RosterImporter(connection: fixture.connection)
                .run(InputFile(name: "latin1.csv", data: bytes), options: RosterImportOptions(asOf: RosterFixture.day("2026-11-01")))
            Issue.record("invalid UTF-8 was accepted")
        } catch let rejected as ImportRejected {
            #expect(rejected.problems.first?.line == 2)
            #expect(rejected.problems.first?.column == "Department")
        }
        #expect(try fixture.count("employees") == 0)
    }

    @Test("an explicit mapping naming a missing column is a problem; unknown fields are usage errors")
    func mappingErrors() throws {
        let problems = try fixture.problems("Employee ID,Email\nE1,a@x.test\n") { $0.mapping = ["Cost Centre": .department] }
        #expect(problems.first?.message.contains("Cost Centre") == true)
        #expect(throws: MMError.self) { try HeaderMapping.parseEntries(["Cost Centre=cost_centre"]) }
        #expect(throws: MMError.self) { try HeaderMapping.parseEntries(["no equals sign"]) }
    }
}
