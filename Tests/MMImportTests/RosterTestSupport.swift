import Foundation
import MMCore
import MMImport
import PostgresClient
import TestSupport

/// A migrated database plus helpers to import CSV text and read back what was stored.
struct RosterFixture {
    let conninfo: String
    let connection: PostgresConnection

    init() throws {
        (conninfo, connection) = try TestDatabase.connect()
    }

    static func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    @discardableResult
    func importRoster(_ csv: String, asOf: String, name: String = "roster.csv",
                      configure: (inout RosterImportOptions) -> Void = { _ in }) throws -> RosterImportResult {
        var options = RosterImportOptions(asOf: Self.day(asOf))
        configure(&options)
        return try RosterImporter(connection: connection).run(InputFile(name: name, data: Data(csv.utf8)), options: options)
    }

    /// The problems an import is rejected with (fails the test when it is accepted).
    func problems(_ csv: String, asOf: String = "2026-11-01",
                  configure: (inout RosterImportOptions) -> Void = { _ in }) throws -> [ImportProblem] {
        do {
            try importRoster(csv, asOf: asOf, configure: configure)
        } catch let rejected as ImportRejected {
            return rejected.problems
        }
        throw TestSetupError("the import was accepted but should have been rejected")
    }

    func count(_ table: String) throws -> Int {
        try connection.query("SELECT count(*)::int AS n FROM \(identifier: "mm").\(identifier: table)").first!.decode(Int.self, "n")
    }

    /// A snapshot of everything an import writes, to prove a refused import changed nothing.
    func fingerprint() throws -> String {
        try connection.query("""
            SELECT md5(coalesce((SELECT string_agg(e::text, '|' ORDER BY employee_id) FROM mm.employees e), '')
                    || coalesce((SELECT string_agg(h::text, '|' ORDER BY employee_id, valid_from) FROM mm.employee_history h), '')
                    || coalesce((SELECT string_agg(l.import_id::text, '|') FROM mm.import_log l), '')) AS f
            """).first!.decode(String.self, "f")
    }

    func employee(_ id: String) throws -> PostgresRow? {
        try connection.query("""
            SELECT employee_id, email, given_name, family_name, department, title, location, manager_id,
                   hire_date, status, left_on FROM mm.employees WHERE employee_id = \(id)
            """).first
    }

    /// The department recorded for a person on a day (through mm.employee_on).
    func department(_ id: String, on day: String) throws -> String? {
        try connection.query("SELECT (mm.employee_on(\(id), \(day)::date)).department AS d").first!.decode(String?.self, "d")
    }

    static let header = "Employee ID,Work Email,First Name,Last Name,Department,Job Title,Location,Manager ID,Hire Date,Employment Status,Termination Date"

    /// A small organisation: E1 leads, E2–E6 report to E1.
    static let baseRoster = """
        \(header)
        E1,ann@acme.test,Ann,Lee,Exec,CEO,Berlin,,2020-01-01,Active,
        E2,bo@acme.test,Bo,Berg,Sales,Rep,Berlin,E1,2021-01-01,Active,
        E3,cy@acme.test,Cy,Chu,Engineering,Dev,Madrid,E1,2021-06-01,Active,
        E4,di@acme.test,Di,Diaz,Engineering,Dev,Madrid,E1,2022-01-01,On Leave,
        E5,ed@acme.test,Ed,Eng,Sales,Rep,Paris,E1,2022-05-01,Active,
        E6,fa@acme.test,Fa,Fox,Sales,Rep,Paris,E1,2023-01-01,Active,

        """
}
