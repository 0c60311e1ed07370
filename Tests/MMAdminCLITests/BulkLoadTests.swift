import Foundation
import PostgresClient
import Testing
import TestSupport

/// The bulk-load paths of migration 0017: secondary indexes built after a large insert,
/// statement-level reference checks of memberships and outcomes, one audit entry per import
/// statement, and the undo that finds an import's rows by their number.
@Suite("Bulk loads: indexes rebuilt, set-based checks, import audit entries")
struct BulkLoadTests: CommandLineSuite {
    let conninfo: String
    /// A generated organisation: 1,500 employees, 12 months of 1,100 sessions (above the
    /// 10,000 rows from which an import builds the indexes after the insert).
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mmadmin-bulk-\(UUID().uuidString)")
        let generated = try CommandRunner.run(["demo", "generate", "--employees", "1500", "--months", "12",
                                               "--sessions-per-month", "1100", "--out", folder.path, "--seed", "3"])
        guard generated.status == 0 else { throw TestSetupError("demo generate failed: \(generated.stderr)") }
        conninfo = try Self.database(roster: try String(contentsOf: folder.appendingPathComponent("roster.csv"), encoding: .utf8))
        for kind in ["cohorts", "mentors", "enrollments"] {
            let imported = try mmadmin(["import", kind, file("\(kind).csv")])
            guard imported.status == 0 else { throw TestSetupError("\(kind) were refused: \(imported.stderr)") }
        }
    }

    private func file(_ name: String) -> String { folder.appendingPathComponent(name).path }

    private func connection() throws -> PostgresConnection { try PostgresConnection(conninfo: conninfo) }

    private func value(_ query: SQLQuery) throws -> String? {
        try connection().query(query).first?.decode(String?.self, "v")
    }

    /// Every index of the program's bulk-loaded tables: name, definition and whether it is valid,
    /// and separately their object ids (which a rebuilt index does not keep).
    private func indexes() throws -> (definitions: String, oids: String) {
        let rows = try connection().query("""
            SELECT c.relname || ' ' || pg_get_indexdef(i.indexrelid) || ' ' || i.indisvalid AS definition,
                   i.indexrelid::int8::text AS oid
            FROM pg_index AS i JOIN pg_class AS c ON c.oid = i.indexrelid
            WHERE i.indrelid IN ('mm.sessions'::regclass, 'mm.cohort_members'::regclass, 'mm.outcomes'::regclass)
            ORDER BY c.relname
            """).rows
        return (try rows.map { try $0.decode(String.self, "definition") }.joined(separator: "\n"),
                try rows.map { try $0.decode(String.self, "oid") }.joined(separator: " "))
    }

    private func checksum() throws -> String {
        try ["sessions", "cohort_members", "outcomes", "employees", "cohorts"].map { table in
            try value("SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS v FROM mm.\(identifier: table) AS x") ?? ""
        }.joined(separator: " ")
    }

    @Test("a large import builds the same indexes after its insert, records one audit entry per table, and is undone exactly")
    func largeImportRebuildsIndexes() throws {
        let before = try indexes()
        let stored = try checksum()
        let sessions = try mmadmin(["import", "sessions", file("sessions.csv")])
        #expect(sessions.status == 0, "\(sessions.stderr)")
        let after = try indexes()
        #expect(after.definitions == before.definitions)
        #expect(after.oids != before.oids, "the indexes were not rebuilt")
        let count = try value("SELECT count(*)::text AS v FROM mm.sessions")!
        #expect(Int(count)! > 10_000)
        let importID = try value("SELECT max(import_id)::text AS v FROM mm.import_log")!
        #expect(try value("""
            SELECT string_agg(entity || ':' || (after ->> 'rows'), ' ' ORDER BY entity) AS v FROM mm.audit
            WHERE import_id = \(Int(importID)!)
            """) == "cohort_members:\(try value("SELECT count(*)::text AS v FROM mm.cohort_members WHERE import_id = \(Int(importID)!)")!) sessions:\(count)")
        #expect(try value("SELECT count(*)::text AS v FROM mm.audit WHERE import_id = \(Int(importID)!) AND action <> 'import'") == "0")

        let again = try mmadmin(["import", "sessions", file("sessions.csv")])
        #expect(again.stdout.contains("nothing changed"), "\(again.stdout)")
        #expect(try mmadmin(["import", "outcomes", file("outcomes.csv")]).status == 0)
        let outcomesID = try value("SELECT max(import_id)::text AS v FROM mm.import_log")!
        #expect(try mmadmin(["import", "undo", outcomesID]).status == 0)
        let undone = try mmadmin(["import", "undo", importID])
        #expect(undone.status == 0, "\(undone.stderr)")
        #expect(try checksum() == stored)
        #expect(try indexes().definitions == before.definitions)
    }

    @Test("a small import keeps the indexes in place")
    func smallImportKeepsIndexes() throws {
        let before = try indexes()
        let lines = try String(contentsOf: URL(fileURLWithPath: file("sessions.csv")), encoding: .utf8)
            .split(whereSeparator: \.isNewline).prefix(101).joined(separator: "\n") + "\n"
        #expect(try mmadmin(["import", "sessions", "-"], input: lines).status == 0)
        #expect(try indexes().oids == before.oids)
    }

    @Test("a large file repeating a pair at one time is refused with both lines")
    func largeFileWithRepeatedPair() throws {
        var lines = try String(contentsOf: URL(fileURLWithPath: file("sessions.csv")), encoding: .utf8)
            .split(whereSeparator: \.isNewline).map(String.init)
        // Line 12,001 repeats line 3's pair and time under a new id.
        var copy = lines[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        copy[0] = "REPEATED"
        lines.insert(copy.joined(separator: ","), at: 12_000)
        let refused = try mmadmin(["import", "sessions", "-"], input: lines.joined(separator: "\n") + "\n")
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("line 12001"), "\(refused.stderr)")
        #expect(refused.stderr.contains("already meet at this time on line 3"), "\(refused.stderr)")
        #expect(try value("SELECT count(*)::text AS v FROM mm.sessions") == "0")
    }

    @Test("memberships and outcomes naming what does not exist are refused per statement; removing a session removes its outcome")
    func statementLevelReferences() throws {
        let database = try connection()
        let cohort = try value("SELECT min(cohort_id)::text AS v FROM mm.cohorts")!
        #expect(throws: PostgresError.self) {
            try database.execute("INSERT INTO mm.cohort_members (cohort_id, employee_id, role, enrolled_on) VALUES (\(Int(cohort)!), 'NOBODY', 'mentee', '2026-01-01')")
        }
        do {
            try database.execute("INSERT INTO mm.cohort_members (cohort_id, employee_id, role, enrolled_on) VALUES (999999, 'E100001', 'mentee', '2026-01-01')")
            Issue.record("a membership of a cohort that does not exist was accepted")
        } catch let error as PostgresError {
            #expect(error.sqlState == .foreignKeyViolation)
        }
        do {
            try database.execute("INSERT INTO mm.outcomes (session_id, mentee_rating) VALUES (424242, 5)")
            Issue.record("an outcome of a session that does not exist was accepted")
        } catch let error as PostgresError {
            #expect(error.sqlState == .foreignKeyViolation)
        }
        let people = try value("""
            SELECT string_agg(employee_id, ' ' ORDER BY employee_id) AS v
            FROM (SELECT employee_id FROM mm.employees WHERE status = 'active' AND hire_date < '2026-01-01'
                  ORDER BY employee_id LIMIT 2) AS p
            """)!.split(separator: " ").map(String.init)
        let logged = try mmadmin(["session", "log", "--mentor", people[0], "--mentee", people[1], "--at", "2026-09-03 14:00"])
        #expect(logged.status == 0, "\(logged.stderr)")
        let session = try value("SELECT max(session_id)::text AS v FROM mm.sessions")!
        #expect(try mmadmin(["outcome", "record", session, "--rating", "4"]).status == 0)
        // A command's insert keeps its row-by-row entry with the row as inserted.
        #expect(try value("SELECT after ->> 'mentee_rating' AS v FROM mm.audit WHERE entity = 'outcomes' AND action = 'insert'") == "4")
        try database.execute("DELETE FROM mm.sessions WHERE session_id = \(Int(session)!)")
        #expect(try value("SELECT count(*)::text AS v FROM mm.outcomes") == "0")
        // People that memberships name stay, even for the undo of the import that added them.
        let member = try value("SELECT min(employee_id) AS v FROM mm.cohort_members")!
        do {
            try database.transaction {
                try database.execute("SELECT set_config('mmadmin.undo_of', '1', true)")
                try database.execute("DELETE FROM mm.employees WHERE employee_id = \(member)")
            }
            Issue.record("a person a membership names was deleted")
        } catch let error as PostgresError {
            #expect(error.sqlState == .foreignKeyViolation)
        }
    }
}
