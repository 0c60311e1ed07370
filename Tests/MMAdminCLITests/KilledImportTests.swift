import Foundation
import Testing
import TestSupport

/// A killed import must not keep the next one waiting: the server notices the vanished client
/// (client_connection_check_interval), rolls its transaction back and frees the import lock.
@Suite("A killed import frees the database quickly")
struct KilledImportTests {
    @Test("after kill -9 at ten points of an import, a retry with --lock-timeout 10 succeeds every time")
    func retryAfterKill() throws {
        let conninfo = try TestDatabase.create()
        var roster = "Employee ID,Email,Department\n"
        for index in 1...200 { roster += "E\(index),e\(index)@acme.test,D\(index % 7)\n" }
        #expect(try CommandRunner.run(["import", "roster", "-", "--as-of", "2026-01-01", "--database-url", conninfo],
                                      input: roster).status == 0)
        // 60,000 sessions: long enough that the kills land in reading, COPY, checks and merge.
        var sessions = "session_id,mentor_employee_id,mentee_employee_id,started_at,duration_minutes\n"
        for index in 0..<60_000 {
            let day = 1 + index % 28, minute = index / 28
            sessions += "S\(index),E\(1 + index % 200),E\(1 + (index % 200 + 1 + index / 200 % 199) % 200),"
                + "2026-03-\(day < 10 ? "0" : "")\(day)T\(String(format: "%02d:%02d", minute / 60 % 24, minute % 60)):00Z,20\n"
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sessions-\(UUID().uuidString).csv")
        try sessions.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }

        var waits: [Double] = []
        for attempt in 0..<10 {
            let victim = Process()
            victim.executableURL = CommandRunner.executable
            victim.arguments = ["import", "sessions", file.path, "--database-url", conninfo]
            victim.environment = ["MMADMIN_SQL_DIR": TestDatabase.sqlDirectory.path, "PATH": "/usr/bin:/bin"]
            victim.standardOutput = FileHandle.nullDevice
            victim.standardError = FileHandle.nullDevice
            try victim.run()
            Thread.sleep(forTimeInterval: 0.3 + 0.35 * Double(attempt))
            kill(victim.processIdentifier, SIGKILL)
            victim.waitUntilExit()
            let start = Date()
            let retry = try CommandRunner.run(["import", "sessions", file.path, "--lock-timeout", "10", "--database-url", conninfo])
            waits.append(Date().timeIntervalSince(start))
            #expect(retry.status == 0, "attempt \(attempt): \(retry.stderr)")
        }
        print("retries after kill -9 took (s): \(waits.map { String(format: "%.1f", $0) }.joined(separator: " "))")
    }
}
