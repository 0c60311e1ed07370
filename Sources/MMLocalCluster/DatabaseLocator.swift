import Foundation
import MMDomain
import Logging
import PostgresClient

/// Decides where mmadmin connects (DESIGN.md, "Connection"): an explicit URL, else
/// `DATABASE_URL`, else libpq's `PG*` variables, else the project-local embedded cluster.
public struct DatabaseLocator: Sendable {
    public var explicitURL: String?
    public var environment: [String: String]
    public var workingDirectory: String

    /// Variables that, when set, mean the user configured libpq directly.
    static let libpqVariables = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"]

    public init(
        explicitURL: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) {
        self.explicitURL = explicitURL
        self.environment = environment
        self.workingDirectory = workingDirectory
    }

    /// The connection string to use.
    public func conninfo() throws -> String {
        if let explicitURL, !explicitURL.isEmpty { return explicitURL }
        if let url = environment["DATABASE_URL"], !url.isEmpty { return url }
        if Self.libpqVariables.contains(where: { environment[$0]?.isEmpty == false }) { return "" }
        let cluster = LocalCluster.forWorkingDirectory(workingDirectory)
        guard cluster.isRunning else {
            let what = cluster.isInitialized ? "is not running" : "has not been created"
            throw MMError(
                .unavailable, "No database is configured and the local cluster \(what).",
                remedy: .startLocalClusterOrConfigureDatabase)
        }
        return cluster.connectionString()
    }

    /// Opens a connection, turning a failure into a user-facing error (exit 69) that never
    /// shows the password.
    /// `applicationName` says in `pg_stat_activity` which command a session belongs to.
    public func connect(applicationName: String = "mmadmin",
                        logger: Logger = Logger(label: "mmadmin.postgres")) throws -> PostgresConnection {
        let info = try conninfo()
        do {
            return try PostgresConnection(conninfo: info, applicationName: applicationName, logger: logger)
        } catch let error as PostgresError {
            var details = [error.message]
            if let detail = error.detail { details.append(detail) }
            throw MMError(.unavailable, "Cannot connect to the database.", details: details)
        }
    }
}
