import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite("mmadmin import roster from the command line")
struct RosterCommandTests {
    static let roster = "Employee ID,Email,Department\nC1,c1@acme.test,Sales\nC2,c2@acme.test,Ops\n"

    @Test("standard input as -, a summary line, then idempotent")
    func standardInput() throws {
        let conninfo = try TestDatabase.create()
        let first = try CommandRunner.run(["import", "roster", "-", "--as-of", "2026-11-01", "--database-url", conninfo],
                                          input: Self.roster)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("2 rows read: 2 new"))
        let second = try CommandRunner.run(["import", "roster", "-", "--as-of", "2026-11-01", "--database-url", conninfo],
                                           input: Self.roster)
        #expect(second.stdout.contains("already imported"))
        let list = try CommandRunner.run(["employees", "list", "--format", "json", "--database-url", conninfo])
        let people = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]
        #expect(people?.count == 2)
        #expect(people?.first?["department"] as? String == "Sales")
        // Text stays text, and what the roster left empty is null, not "".
        #expect(people?.first?["employee_id"] as? String == "C1")
        #expect(people?.first?["email"] as? String == "c1@acme.test")
        #expect(people?.first?["given_name"] is NSNull && people?.first?["manager_id"] is NSNull)
        #expect(people?.first?["hire_date"] is NSNull)
    }

    @Test("bad data: exit 65, problems on stderr capped at 50, all of them in --errors-csv")
    func badData() throws {
        let conninfo = try TestDatabase.create()
        var csv = "Employee ID,Email\n"
        for i in 1...60 { csv += "B\(i),broken-\(i)\n" }
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("errors-\(UUID().uuidString).csv")
        let result = try CommandRunner.run(["import", "roster", "-", "--database-url", conninfo,
                                            "--errors-csv", errors.path], input: csv)
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("error: - was not imported: 60 problems found; the database is unchanged."))
        #expect(result.stderr.contains("line 2, column \"Email\""))
        #expect(result.stderr.contains("… and 10 more"))
        let written = try String(contentsOf: errors, encoding: .utf8)
        #expect(written.split(separator: "\r\n").count == 61)
        #expect(written.contains("61,Email,\"\"\"broken-60\"\" is not an e-mail address\""))
    }

    @Test("a second import waits for the lock, then exits 75")
    func lockHeld() throws {
        let conninfo = try TestDatabase.create()
        let holder = try PostgresConnection(conninfo: conninfo)
        try holder.executeScript("BEGIN")
        try holder.execute("SELECT pg_advisory_xact_lock(\(0x6D6D_696D_706F))")
        let started = Date()
        let blocked = try CommandRunner.run(["import", "roster", "-", "--lock-timeout", "0.5", "--database-url", conninfo],
                                            input: Self.roster)
        #expect(blocked.status == 75)
        #expect(blocked.stderr.contains("Another import is running"))
        #expect(Date().timeIntervalSince(started) >= 0.5)
        try holder.executeScript("ROLLBACK")
        let after = try CommandRunner.run(["import", "roster", "-", "--database-url", conninfo], input: Self.roster)
        #expect(after.status == 0)
    }

    @Test("two concurrent imports are serialized: both succeed, one after the other")
    func concurrentImports() async throws {
        let conninfo = try TestDatabase.create()
        let other = "Employee ID,Email,Department\nC3,c3@acme.test,Sales\n"
        async let first = CommandRunner.run(["import", "roster", "-", "--partial", "--as-of", "2026-11-01",
                                             "--database-url", conninfo], input: Self.roster)
        async let second = CommandRunner.run(["import", "roster", "-", "--partial", "--as-of", "2026-11-01",
                                              "--database-url", conninfo], input: other)
        let results = try await [first, second]
        #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.stderr))")
        let connection = try PostgresConnection(conninfo: conninfo)
        #expect(try connection.query("SELECT count(*)::int AS n FROM mm.import_log").first?.decode(Int.self, "n") == 2)
        #expect(try connection.query("SELECT count(*)::int AS n FROM mm.employees").first?.decode(Int.self, "n") == 3)
    }

    @Test("an import killed with SIGKILL leaves the database as before")
    func killedImport() throws {
        let conninfo = try TestDatabase.create()
        let seed = try CommandRunner.run(["import", "roster", "-", "--as-of", "2026-10-01", "--database-url", conninfo],
                                         input: Self.roster)
        #expect(seed.status == 0)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kill-\(UUID().uuidString)")
        let generated = try CommandRunner.run(["demo", "generate", "--employees", "150000", "--out", folder.path])
        #expect(generated.status == 0)
        let connection = try PostgresConnection(conninfo: conninfo)
        func fingerprint() throws -> String {
            try connection.query("""
                SELECT (SELECT count(*) FROM mm.employees)::text || '/' || (SELECT count(*) FROM mm.employee_history)::text
                       || '/' || (SELECT count(*) FROM mm.import_log)::text AS f
                """).first!.decode(String.self, "f")
        }
        let before = try fingerprint()
        for delay in [0.3, 1.0] {
            let process = Process()
            process.executableURL = CommandRunner.executable
            process.arguments = ["import", "roster", folder.appendingPathComponent("roster.csv").path,
                                 "--as-of", "2026-11-01", "--confirm-deactivations", "--database-url", conninfo]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal, "the import finished before it could be killed")
            // The server notices the dead client and rolls back; wait for its session to end.
            for _ in 0..<100 {
                let active = try connection.query("""
                    SELECT count(*)::int AS n FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid()
                    """).first!.decode(Int.self, "n")
                if active == 0 { break }
                Thread.sleep(forTimeInterval: 0.1)
            }
            #expect(try fingerprint() == before)
        }
        // The lock died with the session: the next import runs.
        let after = try CommandRunner.run(["import", "roster", "-", "--as-of", "2026-11-01", "--database-url", conninfo,
                                           "--lock-timeout", "2"], input: Self.roster)
        #expect(after.status == 0, "\(after.stderr)")
    }
}
