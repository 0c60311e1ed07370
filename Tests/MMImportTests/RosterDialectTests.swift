import MMCalendar
import Foundation
import MMImport
import MMStore
import PostgresClient
import Testing
import TestSupport

@Suite("Roster files as HR systems export them")
struct RosterDialectTests {
    let fixture: RosterFixture
    init() throws { fixture = try RosterFixture() }

    @Test("header dialects map without configuration", arguments: [
        // Workday-style
        "Employee ID,Legal First Name,Preferred First Name,Last Name,Work Email,Business Title,Department,Location,Manager ID,Hire Date,Termination Date",
        // BambooHR-style
        "Employee #,First Name,Last Name,Email,Job Title,Department,Location,Supervisor ID,Hire Date,Employment Status",
        // HiBob-style
        "work.employeeIdInCompany,firstName,surname,email,work.title,work.department,work.site,work.reportsTo.id,work.startDate",
        // Personio-style
        "Personnel number,First name,Last name,Email,Position,Department,Office,Supervisor ID,Hire date,Status",
        // SCIM-style
        "externalId,name.givenName,name.familyName,emails[work].value,title,department,manager.value,active",
    ])
    func dialect(header: String) throws {
        let columns = header.split(separator: ",").map(String.init)
        // Company-specific id columns are the one thing these exports need mapped.
        let explicit = ["Employee #": RosterField.employeeID, "work.employeeIdInCompany": .employeeID]
            .filter { columns.contains($0.key) }
        let mapping = try HeaderMapping(headers: columns, explicit: explicit)
        #expect(mapping.columns[.employeeID] != nil, "no employee id in \(header)")
        #expect(mapping.columns[.email] != nil, "no email in \(header)")
        #expect(mapping.columns[.givenName] != nil, "no given name in \(header)")
        #expect(mapping.columns[.department] != nil, "no department in \(header)")
        #expect(mapping.ignoredHeaders.isEmpty, "ignored \(mapping.ignoredHeaders) in \(header)")
    }

    @Test("a preferred first name wins over the legal one; explicit --map wins over everything")
    func preferenceAndExplicitMapping() throws {
        let csv = "Employee ID,Legal First Name,Preferred First Name,Work Email,Cost Centre,Team\n"
            + "P1,Robert,Bob,bob@acme.test,CC-1,Platform\nP2,Alice,,alice@acme.test,CC-2,Data\n"
        let result = try fixture.importRoster(csv, asOf: "2026-11-01") { $0.mapping = ["Team": .department] }
        #expect(result.ignoredHeaders == ["Cost Centre"])
        #expect(try fixture.employee("P1")?.decode(String.self, "given_name") == "Bob")
        #expect(try fixture.employee("P2")?.decode(String.self, "given_name") == "Alice")
        #expect(try fixture.employee("P1")?.decode(String.self, "department") == "Platform")
    }

    @Test("BOM, semicolons, CRLF and quoted line breaks")
    func formats() throws {
        let csv = "\u{FEFF}Employee ID;E-Mail;Department;Job Title\r\nS1;s1@acme.test;\"Sales;\r\nEMEA\";Rep\r\nS2;s2@acme.test;Ops;\"Lead \"\"A\"\"\"\r\n"
        let result = try fixture.importRoster(csv, asOf: "2026-11-01")
        #expect(result.counts.inserted == 2)
        #expect(try fixture.employee("S1")?.decode(String.self, "department") == "Sales;\r\nEMEA")
        #expect(try fixture.employee("S2")?.decode(String.self, "title") == "Lead \"A\"")
        // A problem after a multi-line record names the physical line.
        let problems = try fixture.problems("Employee ID;Email;Department\nT1;t1@x.test;\"a\nb\nc\"\nT2;bad;x\n")
        #expect(problems.map(\.line) == [5])
    }

    @Test("tab-separated files are detected; --delimiter overrides detection")
    func delimiters() throws {
        try fixture.importRoster("Employee ID\tEmail\tDepartment\nT1\tt1@acme.test\tA, B\n", asOf: "2026-11-01")
        #expect(try fixture.employee("T1")?.decode(String.self, "department") == "A, B")
        try fixture.importRoster("Employee ID|Email|Department\nT2|t2@acme.test|Ops\n", asOf: "2026-11-02") {
            $0.delimiter = UInt8(ascii: "|"); $0.partial = true
        }
        #expect(try fixture.employee("T2")?.decode(String.self, "department") == "Ops")
    }

    @Test("status words", arguments: [("Active", "active"), ("On Leave", "active"), ("leave_of_absence", "active"),
                                      ("Terminated", "inactive"), ("INACTIVE", "inactive"), ("false", "inactive"),
                                      ("true", "active"), ("Retired", "inactive")])
    func statusWords(word: String, expected: String) {
        #expect(EmploymentStatus(word: word)?.rawValue == expected)
    }

    @Test("a termination date on or before the as-of date deactivates; a later one does not")
    func terminationDates() throws {
        let csv = "Employee ID,Email,Termination Date\nL1,l1@x.test,2026-11-01\nL2,l2@x.test,2026-12-15\n"
        try fixture.importRoster(csv, asOf: "2026-11-01")
        #expect(try fixture.employee("L1")?.decode(String.self, "status") == "inactive")
        #expect(try fixture.employee("L2")?.decode(String.self, "status") == "active")
        #expect(try fixture.employee("L2")?.decode(CalendarDate.self, "left_on") == RosterFixture.day("2026-12-15"))
    }
}
