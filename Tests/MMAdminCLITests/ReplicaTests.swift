import Foundation
import MMLocalCluster
import PostgresClient
import Testing
import TestSupport

/// Reports from a read replica: PostgreSQL's own streaming replication (pg_basebackup -R and a
/// hot standby of the test cluster), nothing home-made.
@Suite("Reports from a hot standby")
struct ReplicaTests {
    @Test("the report written on a streaming standby equals the primary's byte for byte, and staleness is one line")
    func reportFromStandby() throws {
        let conninfo = try TestDatabase.create()
        func onPrimary(_ arguments: [String], input: String? = nil) throws -> CommandRunner.Result {
            try CommandRunner.run(arguments + ["--database-url", conninfo], input: input)
        }
        let roster = """
            Employee ID,Email,Department
            E1,ann@acme.test,Exec
            E2,bo@acme.test,Sales
            E3,cy@acme.test,Engineering

            """
        #expect(try onPrimary(["import", "roster", "-", "--as-of", "2026-01-01"], input: roster).status == 0)
        let sessions = """
            session_id,mentor_employee_id,mentee_employee_id,started_at,duration_minutes
            S1,E1,E2,2026-07-03T10:00:00Z,20
            S2,E1,E3,2026-08-04T10:00:00Z,30
            S3,E2,E3,2026-09-05T10:00:00Z,25

            """
        #expect(try onPrimary(["import", "sessions", "-"], input: sessions).status == 0)

        let standby = try Standby(primary: TestDatabase.adminConninfo())
        defer { standby.remove() }
        let onStandby = try ConnectionString(conninfo).replacing("host", with: standby.socket)
            .replacingPort(with: standby.port)
        #expect(try onPrimary(["metrics", "refresh"]).status == 0)
        try standby.waitForReplay(of: conninfo, database: onStandby)

        let reports = ["json", "html", "markdown", "csv"].flatMap { format in
            [["report", "monthly", "--month", "2026-09", "--format", format],
             ["report", "quarterly", "--quarter", "2026-Q3", "--format", format]]
        }
        for arguments in reports {
            let format = arguments.joined(separator: " ")
            let primaryReport = try onPrimary(arguments)
            let standbyReport = try CommandRunner.run(arguments + ["--database-url", onStandby])
            #expect(standbyReport.status == 0, "\(standbyReport.stderr)")
            #expect(standbyReport.stdout == primaryReport.stdout, "\(format) differs")
            #expect(!standbyReport.stderr.contains("out of date"))
        }

        // New data on the primary: the standby still reports, writes nothing, and says so.
        #expect(try onPrimary(["session", "log", "--mentor", "E3", "--mentee", "E1", "--at", "2026-09-20 10:00"]).status == 0)
        try standby.waitForReplay(of: conninfo, database: onStandby)
        let stale = try CommandRunner.run(["report", "monthly", "--month", "2026-09", "--format", "json", "--database-url", onStandby])
        #expect(stale.status == 0, "\(stale.stderr)")
        #expect(stale.stderr.contains("out of date from 2026-09"), "\(stale.stderr)")
        let shown = try CommandRunner.run(["metrics", "show", "network_monthly", "--database-url", onStandby])
        #expect(shown.status == 0 && shown.stderr.contains("out of date"), "\(shown.stderr)")
    }
}

/// A hot standby of the test cluster in a folder of its own, listening on a socket only.
private struct Standby {
    let root: URL
    let socket: String
    let port = 5432
    let binaries: PostgresBinaries
    var serverUser: String? { ProcessRunner.isRoot ? "postgres" : nil }
    var dataDirectory: String { root.appendingPathComponent("data").path }

    init(primary: String) throws {
        root = URL(fileURLWithPath: "/tmp/mmadmin-standby-\(UUID().uuidString.prefix(8))")
        socket = root.appendingPathComponent("socket").path
        binaries = try PostgresBinaries.locate()
        try FileManager.default.createDirectory(atPath: socket, withIntermediateDirectories: true)
        chmod(root.path, 0o700)
        if let user = serverUser { _ = try ProcessRunner.run("/bin/chown", ["-R", "\(user):", root.path]) }
        let primaryServer = try ConnectionString(primary).replacing("dbname", with: "postgres")
        let backup = try ProcessRunner.run(binaries.directory + "/pg_basebackup",
                                           ["-d", primaryServer, "-D", dataDirectory, "-R", "-X", "stream", "-c", "fast"],
                                           asUser: serverUser)
        guard backup.status == 0 else { throw TestSetupError("pg_basebackup failed: \(backup.output)") }
        // A standby needs at least the primary's connection slots.
        let connections = try PostgresConnection(conninfo: primary).query("SELECT current_setting('max_connections') AS n")
            .first!.decode(String.self, "n")
        let started = try ProcessRunner.run(binaries.pgCtl, [
            "-D", dataDirectory, "-l", root.appendingPathComponent("standby.log").path, "-w", "-t", "60",
            "-o", "-c listen_addresses='' -k '\(socket)' -p \(port) -c hot_standby=on -c fsync=off -c max_connections=\(connections)", "start",
        ], asUser: serverUser)
        guard started.status == 0 else { throw TestSetupError("the standby did not start: \(started.output)") }
    }

    /// Waits until the standby has replayed everything the primary has logged so far (the
    /// insert position: the test cluster commits asynchronously, so the write position can
    /// still be short of the last commit).
    func waitForReplay(of primary: String, database standby: String) throws {
        let target = try PostgresConnection(conninfo: primary).query("SELECT pg_current_wal_insert_lsn()::text AS lsn")
            .first!.decode(String.self, "lsn")
        let replica = try PostgresConnection(conninfo: standby)
        for _ in 0..<300 {
            let caughtUp = try replica.query("SELECT pg_last_wal_replay_lsn() >= \(target)::pg_lsn AS done")
                .first!.decode(Bool.self, "done")
            if caughtUp { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw TestSetupError("the standby did not replay the primary's changes within 30 s")
    }

    func remove() {
        _ = try? ProcessRunner.run(binaries.pgCtl, ["-D", dataDirectory, "-m", "immediate", "-w", "stop"], asUser: serverUser)
        try? FileManager.default.removeItem(at: root)
    }
}

private extension String {
    /// A key=value connection string with `port` set.
    func replacingPort(with port: Int) throws -> String {
        try ConnectionString(self).replacing("port", with: String(port))
    }
}
