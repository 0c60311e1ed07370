import Foundation
#if canImport(Glibc)
import Glibc
#endif
import MMDomain
import MMStore
import PostgresClient

/// The project-local embedded PostgreSQL cluster: a data folder under the working directory,
/// started from the installed server programs and listening on a unix socket only.
///
/// Layout under `root` (by default `./.mmadmin`): `pgdata/` (the cluster), `socket/` (the unix
/// socket), `postgres.log` (the server log).
///
/// It holds every employee record, so only its owner reaches it: `root` and the socket folder
/// are private to the server's OS user (0700), the socket too, and authentication is `peer`
/// with a map that lets exactly the owner (the OS user who starts it) and the server's own
/// user in as the superuser. Another local user is refused even with the socket's path.
public struct LocalCluster: Sendable {
    /// The folder holding the cluster's files.
    public let root: URL
    /// The port number, which for a socket-only server only names the socket file.
    public let port: Int
    /// The database mmadmin uses inside the cluster.
    public let databaseName: String
    /// The superuser created by initdb; only the owner's OS user may connect as it.
    public let superuser = "postgres"

    public static let defaultPort = 5432
    public static let defaultDirectoryName = ".mmadmin"

    public init(root: URL, port: Int = LocalCluster.defaultPort, databaseName: String = "mmadmin") {
        self.root = root.standardizedFileURL
        self.port = port
        self.databaseName = databaseName
    }

    /// The cluster for a working directory.
    public static func forWorkingDirectory(_ directory: String = FileManager.default.currentDirectoryPath) -> LocalCluster {
        LocalCluster(root: URL(fileURLWithPath: directory).appendingPathComponent(defaultDirectoryName))
    }

    public var dataDirectory: URL { root.appendingPathComponent("pgdata") }
    public var socketDirectory: URL { root.appendingPathComponent("socket") }
    public var logFile: URL { root.appendingPathComponent("postgres.log") }

    /// Whether initdb has run.
    public var isInitialized: Bool {
        FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path)
    }

    /// Whether a server is accepting connections on the cluster's socket (a cheap check:
    /// the postmaster pid file and the socket both exist).
    public var isRunning: Bool {
        FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("postmaster.pid").path)
            && FileManager.default.fileExists(atPath: socketDirectory.appendingPathComponent(".s.PGSQL.\(port)").path)
    }

    /// The connection string for `database` (by default mmadmin's database).
    public func connectionString(database: String? = nil) -> String {
        [
            "host=\(ConnectionString.quote(socketDirectory.path))",
            "port=\(port)",
            "user=\(superuser)",
            "dbname=\(ConnectionString.quote(database ?? databaseName))",
        ].joined(separator: " ")
    }

    /// The OS user that runs the server: the current user, or `postgres` when running as root.
    var serverUser: String? { ProcessRunner.isRoot ? "postgres" : nil }

    /// Initializes the cluster when needed, starts it, and creates mmadmin's database.
    /// `settings` are extra server parameters (`fsync=off` for a throwaway test cluster).
    /// Returns true when the server was started, false when it was already running.
    @discardableResult
    public func start(settings: [String] = []) throws -> Bool {
        let binaries = try PostgresBinaries.locate()
        if !isInitialized { try initialize(binaries) }
        try FileManager.default.createDirectory(at: socketDirectory, withIntermediateDirectories: true)
        // Written on every start, so a cluster created by an older release (trust for every
        // local user) is closed too.
        try restrictAccess()
        if isRunning, try status(binaries) {
            try reloadConfiguration()
            return false
        }
        // max_wal_size: the default 1 GB made a million-session import checkpoint every 10
        // seconds, writing each page again in full after every checkpoint.
        let options = (["-c listen_addresses=''", "-k '\(socketDirectory.path)'", "-p \(port)",
                        "-c unix_socket_permissions=0700", "-c max_wal_size=4GB"]
            + settings.map { "-c \($0)" }).joined(separator: " ")
        let outcome = try ProcessRunner.run(
            binaries.pgCtl,
            ["-D", dataDirectory.path, "-l", logFile.path, "-o", options, "-w", "-t", "60", "start"],
            asUser: serverUser)
        guard outcome.status == 0 else {
            throw MMError(.unavailable, "The local PostgreSQL server did not start.",
                          details: [outcome.output.trimmingCharacters(in: .whitespacesAndNewlines),
                                    "Server log: \(logFile.path)"])
        }
        try createDatabaseIfMissing()
        return true
    }

    /// Stops the server (fast shutdown: open sessions are rolled back). Returns false when it
    /// was not running.
    @discardableResult
    public func stop() throws -> Bool {
        let binaries = try PostgresBinaries.locate()
        guard isInitialized, try status(binaries) else { return false }
        let outcome = try ProcessRunner.run(
            binaries.pgCtl, ["-D", dataDirectory.path, "-m", "fast", "-w", "-t", "60", "stop"], asUser: serverUser)
        guard outcome.status == 0 else {
            throw MMError(.internalError, "The local PostgreSQL server did not stop.",
                          details: [outcome.output.trimmingCharacters(in: .whitespacesAndNewlines)])
        }
        return true
    }

    /// Asks pg_ctl whether the server runs.
    public func status(_ binaries: PostgresBinaries? = nil) throws -> Bool {
        guard isInitialized else { return false }
        let binaries = try binaries ?? PostgresBinaries.locate()
        let outcome = try ProcessRunner.run(binaries.pgCtl, ["-D", dataDirectory.path, "status"], asUser: serverUser)
        return outcome.status == 0
    }

    private func initialize(_ binaries: PostgresBinaries) throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try handOverToServerUser(root)
        let outcome = try ProcessRunner.run(
            binaries.initdb,
            ["-D", dataDirectory.path, "-U", superuser, "--auth-local=peer", "--auth-host=reject",
             "--encoding=UTF8", "--locale=C", "--no-instructions"],
            asUser: serverUser)
        guard outcome.status == 0 else {
            throw MMError(.internalError, "initdb could not create the local cluster in \(dataDirectory.path).",
                          details: [outcome.output.trimmingCharacters(in: .whitespacesAndNewlines)])
        }
    }

    /// Peer authentication mapped to the owner and the server's user only, and folders only the
    /// server's user can enter.
    private func restrictAccess() throws {
        let serverAccount = serverUser ?? EffectiveUser.name
        var owners = [EffectiveUser.name]
        if serverAccount != owners[0] { owners.append(serverAccount) }
        let hba = """
            # Written by mmadmin on every start: only the OS users mapped in pg_ident.conf (the
            # cluster's owner and the server's own user) may connect, over the unix socket, also
            # for streaming replication (a read replica for reports, made with pg_basebackup).
            local all all peer map=mmadmin
            local replication all peer map=mmadmin

            """
        let ident = "# Written by mmadmin on every start.\n"
            + owners.map { "mmadmin \($0) \(superuser)\n" }.joined()
        for (name, text) in [("pg_hba.conf", hba), ("pg_ident.conf", ident)] {
            let path = dataDirectory.appendingPathComponent(name).path
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
            else {
                throw MMError(.internalError, "Could not write \(path).")
            }
        }
        for directory in [root, socketDirectory] {
            guard chmod(directory.path, 0o700) == 0 else {
                throw MMError(.internalError, "Could not make \(directory.path) private.",
                              details: [String(cString: strerror(errno))])
            }
        }
        try handOverToServerUser(root)
    }

    /// Makes a running server read the rewritten access files.
    private func reloadConfiguration() throws {
        try ServerAdministration(connection: PostgresConnection(conninfo: connectionString(database: "postgres")))
            .reloadConfiguration()
    }

    /// When running as root, the server runs as `postgres`, which must own its folders and be
    /// able to reach them.
    private func handOverToServerUser(_ directory: URL) throws {
        guard let user = serverUser else { return }
        let chown = try ProcessRunner.run("/bin/chown", ["-R", "\(user):", directory.path])
        guard chown.status == 0 else {
            throw MMError(.internalError, "Could not give \(directory.path) to the \(user) user.",
                          details: [chown.output.trimmingCharacters(in: .whitespacesAndNewlines),
                                    "Create the user with: apt-get install -y postgresql"])
        }
        let reach = try ProcessRunner.run("/usr/bin/test", ["-w", directory.path], asUser: user)
        guard reach.status == 0 else {
            throw MMError(.usage, "The \(user) user cannot reach \(directory.path).",
                          details: ["PostgreSQL refuses to run as root, so the server runs as \(user);",
                                    "run mmadmin from a folder every user can enter (not under /root)."])
        }
    }

    private func createDatabaseIfMissing() throws {
        try ServerAdministration(connection: PostgresConnection(conninfo: connectionString(database: "postgres")))
            .createDatabaseIfMissing(databaseName)
    }
}
