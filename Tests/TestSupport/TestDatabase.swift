import Foundation
import MMDomain
import MMStore
import PostgresClient

/// Fresh databases for tests, each cloned from a template that already has every migration
/// and definition applied, so tests are independent and can run in parallel.
///
/// The server comes from `MMADMIN_TEST_DATABASE_URL` (a connection string to a database on a
/// server where the user may create databases); `scripts/test.sh` starts a throwaway cluster
/// and sets it. Without it, tests fail with a message saying so: they never skip.
public enum TestDatabase {
    public static let variable = "MMADMIN_TEST_DATABASE_URL"

    /// The connection string for the maintenance database.
    public static func adminConninfo() throws -> String {
        guard let url = ProcessInfo.processInfo.environment[variable], !url.isEmpty else {
            throw TestSetupError(
                "No test database server: set \(variable) to a connection string of a server where you may create databases, or run scripts/test.sh, which starts one.")
        }
        return url
    }

    /// A new, empty-or-migrated database; returns its connection string.
    public static func create(migrated: Bool = true) throws -> String {
        let admin = try adminConninfo()
        let name = "mmtest_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let connection = try PostgresConnection(conninfo: admin)
        if migrated {
            let template = try templateName.get()
            try connection.execute("CREATE DATABASE \(identifier: name) TEMPLATE \(identifier: template)")
        } else {
            try connection.execute("CREATE DATABASE \(identifier: name) TEMPLATE template0")
        }
        return try ConnectionString(admin).replacing("dbname", with: name)
    }

    /// Opens a connection to a new database.
    public static func connect(migrated: Bool = true) throws -> (conninfo: String, connection: PostgresConnection) {
        let conninfo = try create(migrated: migrated)
        return (conninfo, try PostgresConnection(conninfo: conninfo))
    }

    /// The repository's `sql/` folder.
    public static var sqlDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("sql")
    }

    /// Built once per test process (Swift's static initialization is thread-safe).
    private static let templateName: Result<String, TestSetupError> = {
        do {
            let admin = try adminConninfo()
            let name = "mmtest_template_\(getpid())_\(UUID().uuidString.prefix(8).lowercased())"
            let connection = try PostgresConnection(conninfo: admin)
            try connection.execute("CREATE DATABASE \(identifier: name) TEMPLATE template0")
            do {
                let template = try PostgresConnection(conninfo: try ConnectionString(admin).replacing("dbname", with: name))
                try Migrator(connection: template, sqlDirectory: sqlDirectory).migrate()
            }
            return .success(name)
        } catch let error as TestSetupError {
            return .failure(error)
        } catch {
            return .failure(TestSetupError("Could not prepare the test template database: \(String(reflecting: error))"))
        }
    }()
}

/// Why the test environment could not be set up.
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
