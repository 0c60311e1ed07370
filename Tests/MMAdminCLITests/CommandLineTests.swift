import Foundation
import Testing
import TestSupport

@Suite("mmadmin as a user runs it")
struct CommandLineTests {
    @Test("db migrate applies, then says nothing is pending; db status agrees")
    func migrateTwice() throws {
        let conninfo = try TestDatabase.create(migrated: false)
        let first = try CommandRunner.run(["db", "migrate", "--database-url", conninfo])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("applied 0001_schemas_and_roles.sql"))
        let second = try CommandRunner.run(["db", "migrate"], environment: ["DATABASE_URL": conninfo])
        #expect(second.status == 0)
        #expect(second.stdout.contains("no migration was pending"))
        let status = try CommandRunner.run(["db", "status", "--database-url", conninfo, "--format", "csv"])
        #expect(status.status == 0)
        #expect(!status.stdout.contains("pending"))
        #expect(status.stdout.contains(",applied,"))
    }

    @Test("an edited applied migration makes migrate exit 65 naming the file")
    func editedMigration() throws {
        let conninfo = try TestDatabase.create(migrated: true)
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("sql-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestDatabase.sqlDirectory, to: copy)
        let file = copy.appendingPathComponent("migrations/0001_schemas_and_roles.sql")
        try (try String(contentsOf: file, encoding: .utf8) + "\n-- edited\n").write(to: file, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["db", "migrate", "--database-url", conninfo],
                                           environment: ["MMADMIN_SQL_DIR": copy.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("0001_schemas_and_roles.sql"))
        #expect(!result.stderr.contains("Swift"))
    }

    @Test("an unreachable server exits 69 without showing the password")
    func unreachable() throws {
        let result = try CommandRunner.run(["db", "status", "--database-url",
                                            "postgresql://hr:Very-Secret-9@127.0.0.1:1/mm?connect_timeout=3"])
        #expect(result.status == 69)
        #expect(result.stderr.hasPrefix("error: Cannot connect to the database."))
        #expect(!result.stderr.contains("Very-Secret-9"))
        #expect(!result.stdout.contains("Very-Secret-9"))
    }

    @Test("a password on the command line works, is never echoed, and draws a warning pointing to ~/.pgpass")
    func passwordOnTheCommandLine() throws {
        // The test cluster authenticates its owner by peer; the password is carried, not checked.
        let conninfo = try TestDatabase.create() + " password=Very-Secret-9"
        let result = try CommandRunner.run(["db", "status", "--database-url", conninfo])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("Very-Secret-9") && !result.stderr.contains("Very-Secret-9"))
        #expect(result.stderr.contains("~/.pgpass"), "\(result.stderr)")
    }

    @Test("no configuration and no local cluster: exit 69 and what to run")
    func nothingConfigured() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let result = try CommandRunner.run(["db", "status"], directory: empty)
        #expect(result.status == 69)
        #expect(result.stderr.contains("mmadmin local start"))
    }

    @Test("bad usage exits 64", arguments: [["db", "frobnicate"], ["db", "status", "--format", "xml"], ["local", "start", "--setting", "bad"]])
    func badUsage(arguments: [String]) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
    }

    @Test func helpExitsZero() throws {
        let result = try CommandRunner.run(["db", "migrate", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: mmadmin db migrate"))
    }
}
