import Foundation
import MMDomain
import MMImport
import MMStore
import PostgresClient
import Testing
import TestSupport

/// One kind of import with a file it accepts and what that file needs stored first.
struct KindCase: CustomTestStringConvertible, Sendable {
    let name: String
    /// nil: the roster.
    let kind: ProgramImportKind?
    let prerequisites: [(ProgramImportKind, String)]
    /// A file that changes something once the prerequisites are imported.
    let file: String

    var testDescription: String { name }

    static let all = [
        KindCase(name: "roster", kind: nil, prerequisites: [],
                 file: RosterFixture.baseRoster + "E7,gil@acme.test,Gil,Gray,Ops,Lead,Rome,E1,2026-10-10,Active,\n"),
        KindCase(name: "cohorts", kind: .cohorts, prerequisites: [], file: ProgramFixture.cohorts),
        KindCase(name: "enrollments", kind: .enrollments, prerequisites: [(.cohorts, ProgramFixture.cohorts)],
                 file: "cohort,employee_id,role\nQ4,E1,mentor\nQ4,E2,mentee\n"),
        KindCase(name: "mentors", kind: .mentors, prerequisites: [], file: "employee_id,topics,capacity\nE1,sql;swift,3\n"),
        KindCase(name: "sessions", kind: .sessions, prerequisites: [], file: sessions),
        KindCase(name: "outcomes", kind: .outcomes, prerequisites: [(.sessions, sessions)], file: "session_id,rating\nS1,5\n"),
    ]

    static let sessions = "session_id,mentor_id,mentee_id,started_at,duration\nS1,E1,E2,2026-10-05T10:00:00Z,30\n"

    /// Imports `csv` as this kind into `fixture` (the roster as of 2026-11-01, as a full snapshot).
    @discardableResult
    func run(_ csv: String, in fixture: ProgramFixture, dryRun: Bool = false) throws -> (changed: Bool, importID: Int?) {
        guard let kind else {
            let result = try fixture.roster.importRoster(csv, asOf: "2026-11-01") { $0.dryRun = dryRun }
            if case .imported(let id) = result.outcome { return (true, id) }
            return (result.counts.changesSomething, nil)
        }
        let result = try fixture.run(kind, csv, dryRun: dryRun)
        if case .imported(let id) = result.outcome { return (true, id) }
        return (result.counts.changesSomething, nil)
    }

    /// A fixture with this kind's prerequisites imported.
    func fixture() throws -> ProgramFixture {
        let fixture = try ProgramFixture()
        for (kind, csv) in prerequisites { try fixture.run(kind, csv) }
        return fixture
    }
}

@Suite("Every kind of import goes through one pipeline")
struct ImportPipelineTests {
    /// Everything any import writes, to prove an import changed nothing.
    func snapshot(_ fixture: ProgramFixture) throws -> String {
        try fixture.connection.query("""
            SELECT md5(concat_ws('#',
                (SELECT string_agg(t::text, '|' ORDER BY t::text) FROM mm.employees AS t),
                (SELECT string_agg(t::text, '|' ORDER BY t::text) FROM mm.employee_history AS t),
                (SELECT string_agg(t::text, '|' ORDER BY t::text) FROM mm.cohorts AS t),
                (SELECT string_agg(t::text, '|' ORDER BY t::text) FROM mm.cohort_members AS t),
                (SELECT string_agg(t::text, '|' ORDER BY t::text) FROM mm.mentors AS t),
                (SELECT string_agg(t::text, '|' ORDER BY t::text) FROM mm.sessions AS t),
                (SELECT string_agg(t::text, '|' ORDER BY t::text) FROM mm.outcomes AS t),
                (SELECT string_agg(t::text, '|' ORDER BY t::text) FROM mm.import_log AS t))) AS f
            """).first!.decode(String.self, "f")
    }

    func rejection(_ kind: KindCase, _ csv: String, in fixture: ProgramFixture) throws -> [ImportProblem] {
        do {
            try kind.run(csv, in: fixture)
        } catch let rejected as ImportRejected {
            return rejected.problems
        }
        throw TestSetupError("the \(kind.name) import was accepted but should have been rejected")
    }

    @Test("an empty file is refused at line 1 and changes nothing", arguments: KindCase.all)
    func emptyFile(_ kind: KindCase) throws {
        let fixture = try kind.fixture()
        let before = try snapshot(fixture)
        let problems = try rejection(kind, "", in: fixture)
        #expect(problems.map(\.line) == [1])
        #expect(problems.first?.message.contains("empty") == true)
        #expect(try snapshot(fixture) == before)
    }

    @Test("a CSV syntax error is refused with its line and changes nothing", arguments: KindCase.all)
    func syntaxError(_ kind: KindCase) throws {
        let fixture = try kind.fixture()
        let before = try snapshot(fixture)
        // The header and first record are good; the second record's quote is never closed.
        let lines = kind.file.split(separator: "\n").map(String.init)
        let broken = lines[0] + "\n" + lines[1] + "\n\"" + lines[1] + "\n"
        let problems = try rejection(kind, broken, in: fixture)
        #expect(problems.contains { $0.line == 3 && $0.message.contains("never closed") }, "\(problems)")
        let malformedHeader = try rejection(kind, "\"" + kind.file, in: fixture)
        #expect(malformedHeader.first?.line == 1, "\(malformedHeader)")
        #expect(try snapshot(fixture) == before)
    }

    @Test("a dry run counts the changes, writes nothing and logs nothing", arguments: KindCase.all)
    func dryRun(_ kind: KindCase) throws {
        let fixture = try kind.fixture()
        let before = try snapshot(fixture)
        let result = try kind.run(kind.file, in: fixture, dryRun: true)
        #expect(result.changed && result.importID == nil)
        #expect(try snapshot(fixture) == before)
    }

    @Test("importing what is already stored writes nothing and logs nothing", arguments: KindCase.all)
    func unchanged(_ kind: KindCase) throws {
        let fixture = try kind.fixture()
        try kind.run(kind.file, in: fixture)
        let before = try snapshot(fixture)
        // Reordered, so even the roster's same-file shortcut does not apply.
        var lines = kind.file.split(separator: "\n").map(String.init)
        lines = [lines[0]] + lines.dropFirst().reversed()
        let again = try kind.run(lines.joined(separator: "\n") + "\n", in: fixture)
        #expect(!again.changed && again.importID == nil)
        #expect(try snapshot(fixture) == before)
    }

    @Test("the import log names the effective OS user", arguments: KindCase.all)
    func osUser(_ kind: KindCase) throws {
        let fixture = try kind.fixture()
        let importID = try #require(try kind.run(kind.file, in: fixture).importID)
        let row = try #require(try fixture.connection.query("""
            SELECT os_user, kind, finished_at >= started_at AS finished FROM mm.import_log WHERE import_id = \(importID)
            """).first)
        #expect(try row.decode(String?.self, "os_user") == EffectiveUser.name)
        #expect(!EffectiveUser.name.isEmpty)
        #expect(try row.decode(String.self, "kind") == kind.name)
        #expect(try row.decode(Bool?.self, "finished") == true)
    }
}
