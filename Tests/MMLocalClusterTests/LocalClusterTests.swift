import Foundation
import MMDomain
import MMLocalCluster
import PostgresClient
import Testing

@Suite("The embedded local cluster")
struct LocalClusterTests {
    @Test("start creates and runs a socket-only cluster; stop stops it")
    func lifecycle() throws {
        let root = URL(fileURLWithPath: "/tmp/mmadmin-lc-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        chmod(root.path, 0o755)
        defer { try? FileManager.default.removeItem(at: root) }
        // The socket lives in the cluster's own folder, so the default port clashes with nothing.
        let cluster = LocalCluster.forWorkingDirectory(root.path)
        defer { _ = try? cluster.stop() }
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
