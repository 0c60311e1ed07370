import Foundation
import MMDomain
import MMLocalCluster
import PostgresClient
import Testing

@Suite("The embedded local cluster")
struct LocalClusterTests {
    /// A cluster in a new folder under /tmp (reachable by the server's user when running as
    /// root), stopped and removed after `body`.
    func withCluster(_ body: (LocalCluster, URL) throws -> Void) throws {
        let root = URL(fileURLWithPath: "/tmp/mmadmin-lc-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        chmod(root.path, 0o755)
        defer { try? FileManager.default.removeItem(at: root) }
        // The socket lives in the cluster's own folder, so the default port clashes with nothing.
        let cluster = LocalCluster.forWorkingDirectory(root.path)
        defer { _ = try? cluster.stop() }
        try body(cluster, root)
    }

    @Test("start creates and runs a socket-only cluster; stop stops it")
    func lifecycle() throws {
        try withCluster { cluster, root in
            #expect(try cluster.start(settings: ["fsync=off"]))
            #expect(cluster.isRunning)
            #expect(try cluster.start() == false) // already running
            let connection = try PostgresConnection(conninfo: cluster.connectionString())
            let row = try #require(try connection.query("""
                SELECT current_database() AS db, current_setting('listen_addresses') AS listen,
                       current_setting('server_encoding') AS encoding
                """).first)
            #expect(try row.decode(String.self, "db") == "mmadmin")
            #expect(try row.decode(String.self, "listen") == "")
            #expect(try row.decode(String.self, "encoding") == "UTF8")
            // With nothing configured, the locator finds the running cluster.
            let locator = DatabaseLocator(environment: [:], workingDirectory: root.path)
            #expect(try locator.conninfo() == cluster.connectionString())
            #expect(try cluster.stop())
            #expect(!(try cluster.status()))
            #expect(try cluster.stop() == false)
        }
    }

    @Test("only the owner reaches the cluster: private folders and socket, peer authentication")
    func onlyTheOwnerConnects() throws {
        try withCluster { cluster, root in
            try cluster.start(settings: ["fsync=off"])

            for folder in [cluster.root, cluster.socketDirectory] {
                let mode = try #require(try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int)
                #expect(mode & 0o077 == 0, "\(folder.path) is open to others: \(String(mode, radix: 8))")
            }
            let hba = try String(contentsOf: cluster.dataDirectory.appendingPathComponent("pg_hba.conf"), encoding: .utf8)
            #expect(!hba.contains("trust"))

            // A role that exists is still refused to the owner's OS user, which maps to the superuser only.
            let owner = try PostgresConnection(conninfo: cluster.connectionString())
            try owner.execute("CREATE ROLE intruder LOGIN SUPERUSER")
            let asIntruder = cluster.connectionString().replacingOccurrences(of: "user=postgres", with: "user=intruder")
            let refused = try #require(throws: PostgresError.self) { try PostgresConnection(conninfo: asIntruder) }
            #expect(refused.message.contains("authentication failed") || refused.message.contains("no pg_hba.conf entry"),
                    "\(refused.message)")

            // Another OS user cannot even reach the socket (needs root to become someone else).
            let psql = try PostgresBinaries.locate().directory + "/psql"
            if ProcessRunner.isRoot {
                let other = try ProcessRunner.run(psql, [cluster.connectionString(), "-c", "SELECT 1"], asUser: "nobody")
                #expect(other.status != 0, "\(other.output)")
            }
            // The owner's own tools keep working.
            let mine = try ProcessRunner.run(psql, [cluster.connectionString(), "-tAc", "SELECT 1"])
            #expect(mine.status == 0 && mine.output.contains("1"), "\(mine.output)")
        }
    }

    @Test("a cluster created with trust for everyone is closed by its next start")
    func olderClustersAreClosed() throws {
        try withCluster { cluster, root in
            try cluster.start(settings: ["fsync=off"])
            try cluster.stop()
            let hbaPath = cluster.dataDirectory.appendingPathComponent("pg_hba.conf").path
            try "local all all trust\n".write(toFile: hbaPath, atomically: false, encoding: .utf8)
            chmod(cluster.root.path, 0o755)
            try cluster.start(settings: ["fsync=off"])
            #expect(!(try String(contentsOfFile: hbaPath, encoding: .utf8)).contains("trust"))
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: cluster.root.path)[.posixPermissions] as? Int)
            #expect(mode & 0o077 == 0)
        }
    }
}
