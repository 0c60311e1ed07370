import Foundation
import MMCalendar
import MMDomain
import MMImport
import MMStore
import PostgresClient

/// A migrated database plus helpers to import CSV text and read back what was stored.
public struct RosterFixture {
    public let conninfo: String
    public let connection: PostgresConnection

    public init() throws {
        (conninfo, connection) = try TestDatabase.connect()
    }

    public static func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    @discardableResult
    public func importRoster(_ csv: String, asOf: String, name: String = "roster.csv",
                      configure: (inout RosterImportOptions) -> Void = { _ in }) throws -> RosterImportResult {
        var options = RosterImportOptions(asOf: Self.day(asOf))
        configure(&options)
        return try RosterImporter(connection: connection).run(InputFile(name: name, data: Data(csv.utf8)), options: options)
    }

    /// The problems an import is rejected with (fails the test when it is accepted).
    public func problems(_ csv: String, asOf: String = "2026-11-01",
                  configure: (inout RosterImportOptions) -> Void = { _ in }) throws -> [ImportProblem] {
        do {
            try importRoster(csv, asOf: asOf, configure: configure)
        } catch let rejected as ImportRejected {
            return rejected.problems
        }
        throw TestSetupError("the import was accepted but should have been rejected")
    }

    public func count(_ table: String) throws -> Int {
        try connection.query("SELECT count(*)::int AS n FROM \(identifier: "mm").\(identifier: table)").first!.decode(Int.self, "n")
    }

    /// A snapshot of everything an import writes, to prove a refused import changed nothing.
    public func fingerprint() throws -> String {
        try connection.query("""
            SELECT md5(coalesce((SELECT string_agg(e::text, '|' ORDER BY employee_id) FROM mm.employees e), '')
                    || coalesce((SELECT string_agg(h::text, '|' ORDER BY employee_id, valid_from) FROM mm.employee_history h), '')
                    || coalesce((SELECT string_agg(l.import_id::text, '|') FROM mm.import_log l), '')) AS f
            """).first!.decode(String.self, "f")
    }

    public func employee(_ id: String) throws -> PostgresRow? {
        try connection.query("""
            SELECT employee_id, email, given_name, family_name, department, title, location, manager_id,
                   hire_date, status, left_on FROM mm.employees WHERE employee_id = \(id)
            """).first
    }

    /// The department recorded for a person on a day (through mm.employee_on).
    public func department(_ id: String, on day: String) throws -> String? {
        try connection.query("SELECT (mm.employee_on(\(id), \(day)::date)).department AS d").first!.decode(String?.self, "d")
    }

    public static let header = "Employee ID,Work Email,First Name,Last Name,Department,Job Title,Location,Manager ID,Hire Date,Employment Status,Termination Date"

    /// A small organisation: E1 leads, E2–E6 report to E1.
    public static let baseRoster = """
        \(header)
        E1,ann@acme.test,Ann,Lee,Exec,CEO,Berlin,,2020-01-01,Active,
        E2,bo@acme.test,Bo,Berg,Sales,Rep,Berlin,E1,2021-01-01,Active,
        E3,cy@acme.test,Cy,Chu,Engineering,Dev,Madrid,E1,2021-06-01,Active,
        E4,di@acme.test,Di,Diaz,Engineering,Dev,Madrid,E1,2022-01-01,On Leave,
        E5,ed@acme.test,Ed,Eng,Sales,Rep,Paris,E1,2022-05-01,Active,
        E6,fa@acme.test,Fa,Fox,Sales,Rep,Paris,E1,2023-01-01,Active,

        """
}

/// A migrated database with a small roster (E1–E6 active, E9 left) for program imports.
public struct ProgramFixture {
    public let roster: RosterFixture

    public init() throws {
        roster = try RosterFixture()
        try roster.importRoster(RosterFixture.baseRoster + Self.leaver, asOf: "2026-10-01")
    }

    private init(roster: RosterFixture) {
        self.roster = roster
    }

    /// A migrated database with nobody in it yet, for tests that import their own rosters.
    public static func empty() throws -> ProgramFixture {
        ProgramFixture(roster: try RosterFixture())
    }

    public var connection: PostgresConnection { roster.connection }

    @discardableResult
    public func run(_ kind: ProgramImportKind, _ csv: String, dryRun: Bool = false) throws -> ProgramImportResult {
        var options = ProgramImportOptions()
        options.dryRun = dryRun
        return try ProgramImporter(connection: connection).run(kind, file: InputFile(name: "\(kind).csv", data: Data(csv.utf8)), options: options)
    }

    public func problems(_ kind: ProgramImportKind, _ csv: String) throws -> [ImportProblem] {
        do { try run(kind, csv) } catch let rejected as ImportRejected { return rejected.problems }
        throw TestSetupError("the \(kind) import was accepted but should have been rejected")
    }

    public func count(_ table: String) throws -> Int { try roster.count(table) }

    /// E9, who left before the first roster import.
    public static let leaver = "E9,gone@acme.test,Gone,Away,Sales,Rep,Paris,E1,2020-01-01,Terminated,2026-06-30\n"

    public static let cohorts = "cohort_id,cohort_name,start_date,end_date\nQ4,Autumn,2026-10-01,2026-12-31\nQ3,Summer,2026-07-01,2026-09-30\n"

    /// The fixture with the two cohorts of `cohorts` imported.
    public static func withCohorts() throws -> ProgramFixture {
        let fixture = try ProgramFixture()
        try fixture.run(.cohorts, cohorts)
        return fixture
    }
}
