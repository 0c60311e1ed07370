import MMDomain
import PostgresClient

/// Server-level statements of the project-local cluster: its database and its configuration.
/// Its connection must reach the server as a superuser (the local cluster's owner does).
public final class ServerAdministration: ConnectionBound {
    /// Creates the database `name` unless it exists (also when another process creates it at
    /// the same moment).
    public func createDatabaseIfMissing(_ name: String) throws {
        guard try connection.query("SELECT 1 FROM pg_database WHERE datname = \(name)").isEmpty else { return }
        do {
            try connection.execute("CREATE DATABASE \(identifier: name)")
        } catch let error as PostgresError where error.sqlState == SQLState("42P04") {
            // Created by a concurrent start: what was wanted.
        }
    }

    /// Makes the server read its configuration files again (pg_hba.conf after a rewrite).
    public func reloadConfiguration() throws {
        try connection.execute("SELECT pg_reload_conf()")
    }
}
