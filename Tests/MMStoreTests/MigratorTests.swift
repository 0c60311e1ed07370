import Foundation
import MMDomain
import MMStore
import PostgresClient
import Testing
import TestSupport

@Suite("Migrations")
struct MigratorTests {
    /// A scratch migrations folder with the given files.
    static func folder(_ files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    static let files = [
        "0001_first.sql": "CREATE TABLE a (id int); CREATE TABLE b (id int);",
        "0002_second.sql": "ALTER TABLE a ADD COLUMN name text;",
    ]

    @Test func appliesInOrderThenNothing() throws {
        let connection = try TestDatabase.connect(migrated: false).connection
        let migrations = try Migration.load(from: Self.folder(Self.files))
        #expect(migrations.map(\.version) == [1, 2])
        let migrator = Migrator(connection: connection, migrations: migrations)
        #expect(try migrator.status().migrations.map(\.state) == [.pending, .pending])
        #expect(try migrator.migrate().migrations.map(\.fileName) == ["0001_first.sql", "0002_second.sql"])
        #expect(try migrator.migrate().isEmpty)
        #expect(try migrator.status().migrations.map(\.state) == [.applied, .applied])
        #expect(try connection.query("SELECT name FROM a").columns.map(\.name) == ["name"])
    }

    @Test("an edited applied migration is refused, naming the file")
    func changedFileRefused() throws {
        let connection = try TestDatabase.connect(migrated: false).connection
        let directory = try Self.folder(Self.files)
        try Migrator(connection: connection, migrations: Migration.load(from: directory)).migrate()
        try "ALTER TABLE a ADD COLUMN other text;".write(
            to: directory.appendingPathComponent("0002_second.sql"), atomically: true, encoding: .utf8)
        try "CREATE TABLE c (id int);".write(
            to: directory.appendingPathComponent("0003_third.sql"), atomically: true, encoding: .utf8)
        let migrator = Migrator(connection: connection, migrations: try Migration.load(from: directory))
        #expect(try migrator.status().migrations.map(\.state) == [.applied, .changed, .pending])
        let error = try #require(throws: MMError.self) { try migrator.migrate() }
        #expect(error.category == .dataError)
        #expect(error.message.contains("0002_second.sql"))
        // Nothing after the refusal was applied.
        #expect(try connection.query("SELECT to_regclass('c') IS NULL AS absent").first?.decode(Bool.self, "absent") == true)
    }

    @Test("a failing migration rolls back entirely and is not recorded")
    func failingMigrationRollsBack() throws {
        let connection = try TestDatabase.connect(migrated: false).connection
        let directory = try Self.folder([
            "0001_ok.sql": "CREATE TABLE ok (id int);",
            "0002_bad.sql": "CREATE TABLE half (id int); SELECT * FROM missing_table;",
        ])
        let migrator = Migrator(connection: connection, migrations: try Migration.load(from: directory))
        let error = try #require(throws: MMError.self) { try migrator.migrate() }
        #expect(error.message.contains("0002_bad.sql"))
        #expect(error.details.contains { $0.contains("42P01") })
        #expect(try migrator.status().migrations.map(\.state) == [.applied, .pending])
        #expect(try connection.query("SELECT to_regclass('half') IS NULL AS absent").first?.decode(Bool.self, "absent") == true)
    }

    @Test("concurrent migrate runs apply each migration once")
    func concurrentRuns() async throws {
        let conninfo = try TestDatabase.create(migrated: false)
        let directory = try Self.folder(Self.files.merging(["0003_slow.sql": "SELECT pg_sleep(0.3); CREATE TABLE slow (id int);"]) { $1 })
        let applied = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let connection = try PostgresConnection(conninfo: conninfo)
                    return try Migrator(connection: connection, migrations: Migration.load(from: directory)).migrate().migrations.count
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(applied.reduce(0, +) == 3)
        #expect(applied.filter { $0 == 3 }.count == 1)
    }

    @Test("badly named migration files are refused")
    func badNames() throws {
        let directory = try Self.folder(["1_short.sql": "SELECT 1;"])
        #expect(throws: MMError.self) { try Migration.load(from: directory) }
    }

    @Test("the real migrations create the schemas and the reporting role, and tolerate an existing role")
    func realMigrations() throws {
        let connection = try TestDatabase.connect(migrated: false).connection
        // The role exists cluster-wide already (from the test template); applying must still work.
        let migrations = try Migration.load(from: TestDatabase.sqlDirectory.appendingPathComponent("migrations"))
        let applied = try Migrator(connection: connection, migrations: migrations).migrate()
        #expect(applied.migrations.count == migrations.count)
        let row = try #require(try connection.query("""
            SELECT to_regnamespace('mm') IS NOT NULL AS mm,
                   to_regnamespace('mm_metrics') IS NOT NULL AS metrics,
                   (SELECT NOT rolcanlogin FROM pg_roles WHERE rolname = 'mm_reporting') AS nologin
            """).first)
        #expect(try row.decode(Bool.self, "mm"))
        #expect(try row.decode(Bool.self, "metrics"))
        #expect(try row.decode(Bool.self, "nologin"))
    }
}
