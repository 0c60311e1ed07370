import Foundation
import MMDomain
import MMStore
import PostgresClient
import Testing
import TestSupport

@Suite("Repeatable definitions")
struct DefinitionsTests {
    /// A scratch `sql/` folder with the given migration and definition files.
    static func sqlFolder(migrations: [String: String], definitions: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sql-\(UUID().uuidString)")
        for (folder, files) in [("migrations", migrations), ("definitions", definitions)] {
            let directory = root.appendingPathComponent(folder)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (name, text) in files {
                try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }
        return root
    }

    /// A copy of the repository's `sql/` folder, to edit.
    static func copyOfSQLFolder() throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("sql-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestDatabase.sqlDirectory, to: copy)
        return copy
    }

    static func write(_ text: String, to path: String, in root: URL) throws {
        try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
    }

    static func append(_ text: String, to path: String, in root: URL) throws {
        let url = root.appendingPathComponent(path)
        try (try String(contentsOf: url, encoding: .utf8) + text).write(to: url, atomically: true, encoding: .utf8)
    }

    // Every scratch definition logs that it ran, so a test sees which files were applied.
    static let migrations = ["0001_log.sql": "CREATE TABLE applied_log (seq serial, file text NOT NULL);"]

    static func definition(_ number: String, _ body: String) -> String {
        "\(body)\nINSERT INTO applied_log (file) VALUES ('\(number)');\n"
    }

    static let definitions = [
        "010_a.sql": definition("010", "CREATE OR REPLACE VIEW va AS SELECT 1 AS x;"),
        "020_b.sql": definition("020", "CREATE OR REPLACE VIEW vb AS SELECT x FROM va;"),
        "030_c.sql": definition("030", "CREATE OR REPLACE VIEW vc AS SELECT x FROM vb;"),
    ]

    static func log(_ connection: PostgresConnection) throws -> [String] {
        try connection.query("SELECT file FROM applied_log ORDER BY seq").rows.map { try $0.decode(String.self, "file") }
    }

    /// Each recorded definition's checksum and time of application.
    static func records(_ connection: PostgresConnection) throws -> [String: [String]] {
        var records: [String: [String]] = [:]
        for row in try connection.query(
            "SELECT name, checksum, applied_at::text AS applied_at FROM public.mmadmin_schema_definitions").rows {
            records[try row.decode(String.self, "name")] =
                [try row.decode(String.self, "checksum"), try row.decode(String.self, "applied_at")]
        }
        return records
    }

    static func exists(_ relation: String, _ connection: PostgresConnection) throws -> Bool {
        try connection.query("SELECT to_regclass(\(relation)) IS NOT NULL AS present").first!.decode(Bool.self, "present")
    }

    @Test("a changed or new definition is applied again with every later file; earlier files are not")
    func changedDefinitionReapplied() throws {
        let connection = try TestDatabase.connect(migrated: false).connection
        let root = try Self.sqlFolder(migrations: Self.migrations, definitions: Self.definitions)
        func migrator() throws -> Migrator { try Migrator(connection: connection, sqlDirectory: root) }
        #expect(try migrator().status().definitions.map(\.state) == [.pending, .pending, .pending])
        #expect(try migrator().migrate().definitions.map(\.fileName) == ["010_a.sql", "020_b.sql", "030_c.sql"])
        #expect(try migrator().migrate().isEmpty)
        #expect(try Self.log(connection) == ["010", "020", "030"])
        let initial = try Self.records(connection)

        try Self.write(Self.definition("030", "CREATE OR REPLACE VIEW vc AS SELECT x, 3 AS z FROM vb;"),
                       to: "definitions/030_c.sql", in: root)
        #expect(try migrator().status().definitions.map(\.state) == [.applied, .applied, .changed])
        #expect(try migrator().status().outstanding.map(\.fileName) == ["030_c.sql"])
        #expect(try migrator().migrate().definitions.map(\.fileName) == ["030_c.sql"])
        #expect(try Self.log(connection) == ["010", "020", "030", "030"])
        #expect(try connection.query("SELECT z FROM vc").first?.decode(Int.self, "z") == 3)
        let afterChange = try Self.records(connection)
        #expect(afterChange["010_a.sql"] == initial["010_a.sql"])
        #expect(afterChange["020_b.sql"] == initial["020_b.sql"])
        #expect(afterChange["030_c.sql"] != initial["030_c.sql"])
        let files = try Definition.load(from: root.appendingPathComponent("definitions"))
        #expect(afterChange.mapValues { $0[0] } == Dictionary(uniqueKeysWithValues: files.map { ($0.fileName, $0.checksum) }))

        // A change in the middle re-creates what depends on it (later files) too.
        try Self.write(Self.definition("020", "CREATE OR REPLACE VIEW vb AS SELECT x, 2 AS y FROM va;"),
                       to: "definitions/020_b.sql", in: root)
        #expect(try migrator().migrate().definitions.map(\.fileName) == ["020_b.sql", "030_c.sql"])
        try Self.write(Self.definition("015", "CREATE OR REPLACE VIEW vab AS SELECT x FROM va;"),
                       to: "definitions/015_ab.sql", in: root)
        #expect(try migrator().migrate().definitions.map(\.fileName) == ["015_ab.sql", "020_b.sql", "030_c.sql"])
        #expect(try Self.log(connection) == ["010", "020", "030", "030", "020", "030", "015", "020", "030"])
        #expect(try Self.records(connection)["010_a.sql"] == initial["010_a.sql"])
        #expect(try migrator().status().definitions.allSatisfy { $0.state == .applied })
    }

    @Test("a removed definition file is reported, its objects stay, and the schema stays up to date")
    func removedDefinition() throws {
        let connection = try TestDatabase.connect(migrated: false).connection
        let root = try Self.sqlFolder(migrations: Self.migrations, definitions: Self.definitions)
        try Migrator(connection: connection, sqlDirectory: root).migrate()
        try FileManager.default.removeItem(at: root.appendingPathComponent("definitions/030_c.sql"))
        let migrator = try Migrator(connection: connection, sqlDirectory: root)
        let status = try migrator.status()
        #expect(status.definitions.map(\.fileName) == ["010_a.sql", "020_b.sql", "030_c.sql"])
        #expect(status.definitions.map(\.state) == [.applied, .applied, .removed])
        #expect(status.outstanding.isEmpty)
        #expect(try migrator.migrate().isEmpty)
        #expect(try Self.exists("vc", connection))
    }

    @Test("a failing definition rolls back every definition of the run and names its file")
    func failingDefinition() throws {
        let connection = try TestDatabase.connect(migrated: false).connection
        let root = try Self.sqlFolder(migrations: Self.migrations, definitions: Self.definitions)
        try Migrator(connection: connection, sqlDirectory: root).migrate()
        let recorded = try Self.records(connection)
        try Self.write(Self.definition("010", "CREATE OR REPLACE VIEW va AS SELECT 1 AS x, 10 AS ten;"),
                       to: "definitions/010_a.sql", in: root)
        try Self.write("CREATE OR REPLACE VIEW vb AS SELECT x FROM missing_table;", to: "definitions/020_b.sql", in: root)
        let migrator = try Migrator(connection: connection, sqlDirectory: root)
        let error = try #require(throws: MMError.self) { try migrator.migrate() }
        #expect(error.category == .internalError)
        #expect(error.message.contains("020_b.sql"))
        #expect(error.details.contains { $0.contains("42P01") })
        // 010 ran before 020, in the same transaction: its change is gone too.
        #expect(try connection.query("SELECT * FROM va").columns.map(\.name) == ["x"])
        #expect(try Self.records(connection) == recorded)
        #expect(try Self.log(connection) == ["010", "020", "030"])
        #expect(try migrator.status().definitions.map(\.state) == [.changed, .changed, .applied])
    }

    @Test("a migration that drops a definition's objects is repaired by the definitions, even after a failed run")
    func migrationMakesDefinitionsStale() throws {
        let connection = try TestDatabase.connect(migrated: false).connection
        let root = try Self.sqlFolder(migrations: Self.migrations, definitions: Self.definitions)
        try Migrator(connection: connection, sqlDirectory: root).migrate()
        // As a migration changing a column the views read must: PostgreSQL refuses it under a view.
        try Self.write("DROP VIEW va CASCADE;", to: "migrations/0002_drop_views.sql", in: root)
        let original = Self.definitions["030_c.sql"]!
        try Self.write("CREATE OR REPLACE VIEW vc AS SELECT x FROM missing_table;", to: "definitions/030_c.sql", in: root)
        #expect(throws: MMError.self) { try Migrator(connection: connection, sqlDirectory: root).migrate() }
        let stopped = try Migrator(connection: connection, sqlDirectory: root).status()
        #expect(stopped.migrations.map(\.state) == [.applied, .applied])
        #expect(stopped.definitions.map(\.state) == [.stale, .stale, .changed])
        #expect(try !Self.exists("va", connection))

        try Self.write(original, to: "definitions/030_c.sql", in: root)
        let migrator = try Migrator(connection: connection, sqlDirectory: root)
        #expect(try migrator.status().outstanding.map(\.fileName) == ["010_a.sql", "020_b.sql", "030_c.sql"])
        let applied = try migrator.migrate()
        #expect(applied.migrations.isEmpty)
        #expect(applied.definitions.map(\.fileName) == ["010_a.sql", "020_b.sql", "030_c.sql"])
        #expect(try Self.exists("vc", connection))
        #expect(try migrator.status().outstanding.isEmpty)
    }

    @Test("concurrent migrate runs apply the definitions once")
    func concurrentRuns() async throws {
        let conninfo = try TestDatabase.create(migrated: false)
        let root = try Self.sqlFolder(migrations: Self.migrations, definitions: Self.definitions.merging([
            "020_b.sql": Self.definition("020", "SELECT pg_sleep(0.3); CREATE OR REPLACE VIEW vb AS SELECT x FROM va;"),
        ]) { $1 })
        let runs = try await withThrowingTaskGroup(of: Migrator.Applied.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try Migrator(connection: PostgresConnection(conninfo: conninfo), sqlDirectory: root).migrate()
                }
            }
            return try await group.reduce(into: [Migrator.Applied]()) { $0.append($1) }
        }
        #expect(runs.map(\.definitions.count).sorted() == [0, 0, 0, 3])
        #expect(runs.map(\.migrations.count).sorted() == [0, 0, 0, 1])
        #expect(try Self.log(PostgresConnection(conninfo: conninfo)) == ["010", "020", "030"])
    }

    /// The migrations of release 0.1, as databases of that release ran them: today's files,
    /// except those whose text moved to `sql/definitions`, which come from the fixture folder
    /// (kept as `.sql.txt`, data rather than source). Each fixture must be the text its
    /// successor's supersedes-marker names, so the fixture cannot drift from what databases ran.
    static func release01Migrations() throws -> [Migration] {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/release-0.1-sql/migrations")
        return try Migration.load(from: TestDatabase.sqlDirectory.appendingPathComponent("migrations")).map { current in
            guard let superseded = current.supersededChecksum else { return current }
            let text = try String(contentsOf: fixtures.appendingPathComponent(current.fileName + ".txt"), encoding: .utf8)
            let original = Migration(version: current.version, name: current.name, fileName: current.fileName, sql: text)
            guard original.checksum == superseded else {
                throw TestSetupError("\(current.fileName).txt is not the text release 0.1 ran")
            }
            return original
        }
    }

    /// One line per schema object of mm, mm_metrics and public (where the bookkeeping tables
    /// live; their rows are left out): relations with their columns and types, view and function
    /// definitions, indexes, constraints, triggers, rights and comments.
    static func fingerprint(_ connection: PostgresConnection) throws -> [String] {
        try connection.query("""
            WITH schemas AS (
                SELECT oid, nspname FROM pg_catalog.pg_namespace WHERE nspname IN ('mm', 'mm_metrics', 'public')
            ),
            lines AS (
                SELECT format('schema %s acl=%s comment=%s', s.nspname, n.nspacl, obj_description(n.oid, 'pg_namespace')) AS line
                FROM schemas AS s JOIN pg_catalog.pg_namespace AS n ON n.oid = s.oid
                UNION ALL
                SELECT format('relation %s.%s kind=%s acl=%s comment=%s', s.nspname, c.relname, c.relkind, c.relacl,
                              obj_description(c.oid, 'pg_class'))
                FROM pg_catalog.pg_class AS c JOIN schemas AS s ON s.oid = c.relnamespace
                UNION ALL
                SELECT format('column %s.%s #%s %s %s notnull=%s default=%s identity=%s acl=%s comment=%s',
                              s.nspname, c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                              pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attacl, col_description(c.oid, a.attnum))
                FROM pg_catalog.pg_attribute AS a
                JOIN pg_catalog.pg_class AS c ON c.oid = a.attrelid
                JOIN schemas AS s ON s.oid = c.relnamespace
                LEFT JOIN pg_catalog.pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE a.attnum > 0 AND NOT a.attisdropped
                UNION ALL
                SELECT format('view %s.%s %s', s.nspname, c.relname, pg_get_viewdef(c.oid))
                FROM pg_catalog.pg_class AS c JOIN schemas AS s ON s.oid = c.relnamespace
                WHERE c.relkind IN ('v', 'm')
                UNION ALL
                SELECT format('function %s acl=%s comment=%s %s', p.oid::regprocedure, p.proacl,
                              obj_description(p.oid, 'pg_proc'), pg_get_functiondef(p.oid))
                FROM pg_catalog.pg_proc AS p JOIN schemas AS s ON s.oid = p.pronamespace
                UNION ALL
                SELECT format('index %s', pg_get_indexdef(i.indexrelid))
                FROM pg_catalog.pg_index AS i
                JOIN pg_catalog.pg_class AS c ON c.oid = i.indrelid
                JOIN schemas AS s ON s.oid = c.relnamespace
                UNION ALL
                SELECT format('constraint %s %s %s', con.conrelid::regclass, con.conname, pg_get_constraintdef(con.oid))
                FROM pg_catalog.pg_constraint AS con JOIN schemas AS s ON s.oid = con.connamespace
                UNION ALL
                SELECT format('trigger %s enabled=%s', pg_get_triggerdef(t.oid), t.tgenabled)
                FROM pg_catalog.pg_trigger AS t
                JOIN pg_catalog.pg_class AS c ON c.oid = t.tgrelid
                JOIN schemas AS s ON s.oid = c.relnamespace
                WHERE NOT t.tgisinternal
                UNION ALL
                SELECT format('default privileges %s %s %s', s.nspname, d.defaclobjtype, d.defaclacl)
                FROM pg_catalog.pg_default_acl AS d JOIN schemas AS s ON s.oid = d.defaclnamespace
            )
            SELECT line FROM lines ORDER BY line
            """).rows.map { try $0.decode(String.self, "line") }
    }

    @Test("a database of release 0.1 migrated with the current sql/ has the schema of a fresh database")
    func upgradeFromRelease01() throws {
        let upgraded = try TestDatabase.connect(migrated: false).connection
        try Migrator(connection: upgraded,
                     migrations: Self.release01Migrations()).migrate()
        let definitions = try Definition.load(from: TestDatabase.sqlDirectory.appendingPathComponent("definitions"))
        #expect(try Migrator(connection: upgraded, sqlDirectory: TestDatabase.sqlDirectory).migrate().definitions == definitions)

        let fresh = try TestDatabase.connect(migrated: false).connection
        try Migrator(connection: fresh, sqlDirectory: TestDatabase.sqlDirectory).migrate()
        let (upgradedSchema, freshSchema) = (try Self.fingerprint(upgraded), try Self.fingerprint(fresh))
        #expect(upgradedSchema.count > 100)
        #expect(Set(upgradedSchema).subtracting(freshSchema).sorted() == [], "only in the upgraded database")
        #expect(Set(freshSchema).subtracting(upgradedSchema).sorted() == [], "only in the fresh database")
        #expect(upgradedSchema == freshSchema)
    }

    /// The views of mm_metrics without a comment (`metrics list` shows it as their meaning).
    static func uncommentedViews(_ connection: PostgresConnection) throws -> [String] {
        try connection.query("""
            SELECT c.relname FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
            WHERE n.nspname = 'mm_metrics' AND c.relkind = 'v' AND coalesce(obj_description(c.oid, 'pg_class'), '') = ''
            ORDER BY c.relname
            """).rows.map { try $0.decode(String.self, "relname") }
    }

    @Test("every view in mm_metrics has its comment")
    func viewsHaveComments() throws {
        let connection = try TestDatabase.connect().connection
        let views = try connection.query("""
            SELECT count(*)::int AS n FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
            WHERE n.nspname = 'mm_metrics' AND c.relkind = 'v'
            """).first!.decode(Int.self, "n")
        #expect(views >= 5)
        #expect(try Self.uncommentedViews(connection) == [])
    }

    /// As mm_reporting: reads every view of mm_metrics and calls the range functions.
    static func readAsReporting(_ connection: PostgresConnection) throws {
        let views = try connection.query("""
            SELECT c.relname FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
            WHERE n.nspname = 'mm_metrics' AND c.relkind = 'v' ORDER BY c.relname
            """).rows.map { try $0.decode(String.self, "relname") }
        #expect(views.count >= 5)
        try connection.execute("SET ROLE mm_reporting")
        defer { _ = try? connection.execute("RESET ROLE") }
        for view in views {
            #expect(throws: Never.self, "\(view)") { try connection.query("SELECT * FROM mm_metrics.\(identifier: view)") }
        }
        #expect(throws: Never.self) {
            try connection.query("SELECT * FROM mm_metrics.participation_between('2026-01-01', '2026-12-01')")
            try connection.query("SELECT * FROM mm_metrics.participation_breakdown_between('department', '2026-01-01', '2026-12-01')")
            try connection.query("SELECT * FROM mm_metrics.department_ties_between('2026-01-01', '2026-12-01')")
            try connection.query("SELECT * FROM mm_metrics.participation_periods('quarter', '2026-01-01', '2026-12-01')")
            try connection.query("SELECT * FROM mm_metrics.participation_period_breakdown('location', 'year', '2025-01-01', '2026-12-01')")
            try connection.query("SELECT * FROM mm_metrics.participation_year_to_date('2026-06-01')")
            try connection.query("SELECT * FROM mm_metrics.freshness_state()")
            try connection.query("SELECT * FROM mm_metrics.topic_demand_between('2026-01-01', '2026-12-01')")
            try connection.query("SELECT * FROM mm_metrics.mentor_load_between('2026-01-01', '2026-12-01')")
            try connection.query("SELECT * FROM mm_metrics.format_feedback_between('2026-01-01', '2026-12-01')")
            try connection.query("SELECT * FROM mm_metrics.rating_distribution_between('2026-01-01', '2026-12-01')")
            try connection.query("SELECT * FROM mm_metrics.time_to_first_session_between('2026-01-01', '2026-12-01')")
        }
        // Every function of mm_metrics is callable, and nothing in mm is reachable.
        let closed = try connection.query("""
            SELECT (SELECT count(*)::int FROM pg_catalog.pg_proc AS p
                    WHERE p.pronamespace = 'mm_metrics'::regnamespace AND NOT has_function_privilege(p.oid, 'EXECUTE')) AS functions,
                   has_schema_privilege('mm', 'USAGE') AS mm_usage
            """).first!
        #expect(try closed.decode(Int.self, "functions") == 0)
        #expect(try closed.decode(Bool.self, "mm_usage") == false)
    }

    @Test("definitions applied again, or dropped and created again, leave mm_reporting's rights and the comments as they were")
    func rightsSurviveReapply() throws {
        let connection = try TestDatabase.connect().connection
        let fingerprint = try Self.fingerprint(connection)
        let copy = try Self.copyOfSQLFolder()
        let first = try #require(try Definition.load(from: copy.appendingPathComponent("definitions")).first)
        try Self.append("\n-- applied again\n", to: "definitions/\(first.fileName)", in: copy)
        let migrator = try Migrator(connection: connection, sqlDirectory: copy)
        let all = try Definition.load(from: copy.appendingPathComponent("definitions"))
        #expect(try migrator.migrate().definitions == all)
        try Self.readAsReporting(connection)

        // As a file changing a function's columns must (DROP … CASCADE takes the views along):
        // the files alone restore every right and comment.
        try connection.executeScript("""
            DO $$
            DECLARE f regprocedure;
            BEGIN
                FOR f IN SELECT p.oid FROM pg_catalog.pg_proc AS p JOIN pg_catalog.pg_namespace AS n ON n.oid = p.pronamespace
                         WHERE n.nspname = 'mm_metrics' LOOP
                    EXECUTE format('DROP FUNCTION %s CASCADE', f);
                END LOOP;
            END
            $$;
            DROP VIEW mm.completed_sessions_placed;
            DROP FUNCTION mm.small_group_threshold();
            DELETE FROM public.mmadmin_schema_definitions;
            """)
        #expect(try migrator.migrate().definitions == all)
        #expect(try Self.fingerprint(connection) == fingerprint)
        #expect(try Self.uncommentedViews(connection) == [])
        try Self.readAsReporting(connection)
    }

    @Test("a changed definition stops commands until db migrate applies it; db status lists it")
    func commandLine() throws {
        let conninfo = try TestDatabase.create()
        let copy = try Self.copyOfSQLFolder()
        let definitions = try Definition.load(from: copy.appendingPathComponent("definitions"))
        let last = try #require(definitions.last)
        try Self.append("\n-- changed\n", to: "definitions/\(last.fileName)", in: copy)
        let environment = ["MMADMIN_SQL_DIR": copy.path]

        let refused = try CommandRunner.run(["metrics", "list", "--database-url", conninfo], environment: environment)
        #expect(refused.status == 69)
        #expect(refused.stderr.contains("not up to date (0 migrations and 1 definition not applied)"), "\(refused.stderr)")
        let status = try CommandRunner.run(["db", "status", "--database-url", conninfo, "--format", "csv"],
                                           environment: environment)
        #expect(status.stdout.contains("definition,\(last.fileName),changed,"), "\(status.stdout)")
        #expect(status.stdout.contains("migration,0001_schemas_and_roles.sql,applied,"))

        let migrate = try CommandRunner.run(["db", "migrate", "--database-url", conninfo], environment: environment)
        #expect(migrate.status == 0, "\(migrate.stderr)")
        #expect(migrate.stdout.contains("applied definition \(last.fileName)"))
        #expect(migrate.stdout.contains("Applied 0 migrations and 1 definition."))
        let listed = try CommandRunner.run(["metrics", "list", "--database-url", conninfo], environment: environment)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("participation_monthly"))
    }
}
