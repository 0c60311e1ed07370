import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite("Import list and undo")
struct ImportUndoTests: CommandLineSuite {
    let conninfo: String

    static let roster = """
        Employee ID,Email,Department,Manager ID,Hire Date,Employment Status
        E1,ann@acme.test,Exec,,2020-01-01,Active
        E2,bo@acme.test,Sales,E1,2020-01-01,Active
        E3,cy@acme.test,Engineering,E1,2020-01-01,Active
        E4,di@acme.test,Finance,E1,2020-01-01,Active
        E5,ed@acme.test,Finance,E4,2020-01-01,Active

        """

    static let sessions = """
        session_id,mentor_id,mentee_id,started_at,duration_minutes,topic,cohort
        S1,E1,E2,2026-09-03T14:00:00Z,30,negotiation,Autumn
        S2,E1,E3,2026-09-04T14:00:00Z,30,,Autumn
        S3,E4,E5,2026-09-05T14:00:00Z,20,budgets,

        """

    init() throws {
        conninfo = try Self.database(roster: Self.roster)
        #expect(try mmadmin(["import", "cohorts", "-"], input: "cohort_id,name,start_date,end_date\nC1,Autumn,2026-09-01,2026-12-31\n").status == 0)
    }

    private func connection() throws -> PostgresConnection { try PostgresConnection(conninfo: conninfo) }

    private func value(_ query: SQLQuery) throws -> String? {
        try connection().query(query).first?.decode(String?.self, "v")
    }

    /// One checksum over every table in `mm` but the audit trail and the import log (which
    /// keep the history of the import and its undo) and the network metrics' state and tie
    /// cache (derived figures, recomputed by `metrics refresh`).
    private func checksum() throws -> String {
        let database = try connection()
        let tables = try database.query("""
            SELECT tablename FROM pg_tables WHERE schemaname = 'mm'
              AND tablename NOT IN ('audit', 'import_log', 'metrics_state', 'network_ties') ORDER BY tablename
            """).rows.map { try $0.decode(String.self, "tablename") }
        #expect(tables.contains("sessions") && tables.contains("employee_history"))
        return try tables.map { table in
            let sum = try database.query("""
                SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS v FROM mm.\(identifier: table) AS x
                """).first!.decode(String.self, "v")
            return "\(table)=\(sum)"
        }.joined(separator: " ")
    }

    private func lastImport() throws -> String { try value("SELECT max(import_id)::text AS v FROM mm.import_log")! }

    @Test("undo of a sessions import restores every table exactly, and is refused while outcomes build on it")
    func undoSessions() throws {
        try mmadmin(["session", "log", "--mentor", "E2", "--mentee", "E3", "--at", "2026-09-01 09:00"])
        let before = try checksum()
        #expect(try mmadmin(["import", "sessions", "-"], input: Self.sessions).status == 0)
        let sessions = try lastImport()
        #expect(try value("SELECT count(*)::text AS v FROM mm.sessions WHERE import_id = \(Int(sessions)!)") == "3")
        #expect(try value("SELECT count(*)::text AS v FROM mm.cohort_members WHERE import_id = \(Int(sessions)!)") == "3")
        #expect(try mmadmin(["import", "outcomes", "-"], input: "session_id,rating\nS1,5\n").status == 0)
        let outcomes = try lastImport()

        let refused = try mmadmin(["import", "undo", sessions])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("the later outcomes import \(outcomes)"), "\(refused.stderr)")
        #expect(refused.stderr.contains("mmadmin import undo \(outcomes)"), "\(refused.stderr)")
        #expect(try value("SELECT count(*)::text AS v FROM mm.sessions") == "4")

        #expect(try mmadmin(["import", "undo", outcomes]).status == 0)
        let undone = try mmadmin(["import", "undo", sessions])
        #expect(undone.status == 0, "\(undone.stderr)")
        #expect(undone.stdout.contains("Undid import \(sessions) (sessions): removed 6 rows, restored 0."), "\(undone.stdout)")
        #expect(try checksum() == before)

        // Undone twice, unknown: refused. The log shows it undone, the audit trail the undo.
        let twice = try mmadmin(["import", "undo", sessions])
        #expect(twice.status == 65)
        #expect(twice.stderr.contains("already undone"))
        #expect(try mmadmin(["import", "undo", "999"]).stderr.contains("No import has the number 999."))
        let listed = try mmadmin(["import", "list", "--kind", "sessions", "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.count == 1)
        #expect(rows?.first?["import"] as? Int == Int(sessions))
        #expect(rows?.first?["undone_at"] is String)
        #expect((rows?.first?["os_user"] as? String)?.isEmpty == false)
        #expect(rows?.first?["rows"] as? Int == 3)
        let audit = try mmadmin(["audit", "list", "--import", sessions, "--format", "csv"]).stdout
        #expect(audit.contains(",import_log,\(sessions),undo,"), "\(audit)")
        #expect(audit.split(whereSeparator: \.isNewline).filter { $0.contains(",delete,") }.count == 6)

        // The same file imports again after its undo (it is not "already imported").
        #expect(try mmadmin(["import", "sessions", "-"], input: Self.sessions).stdout.contains("3 new"))
    }

    @Test("undo of an import that changed rows restores their earlier values; a later command edit blocks it")
    func undoRestoresUpdates() throws {
        #expect(try mmadmin(["import", "sessions", "-"], input: Self.sessions).status == 0)
        let before = try checksum()
        let changed = Self.sessions.replacingOccurrences(of: ",30,negotiation,", with: ",45,negotiating,")
        #expect(try mmadmin(["import", "sessions", "-"], input: changed).stdout.contains("1 updated"))
        let second = try lastImport()
        #expect(try mmadmin(["import", "undo", second]).stdout.contains("restored 1"))
        #expect(try checksum() == before)

        #expect(try mmadmin(["import", "sessions", "-"], input: changed).status == 0)
        let third = try lastImport()
        #expect(try mmadmin(["session", "update", "S1", "--topic", "by hand"]).status == 0)
        let blocked = try mmadmin(["import", "undo", third])
        #expect(blocked.status == 65)
        #expect(blocked.stderr.contains("was changed after it"), "\(blocked.stderr)")
        #expect(try value("SELECT topic AS v FROM mm.sessions WHERE external_id = 'S1'") == "by hand")
    }

    @Test("undo of an outcomes import restores the outcomes it replaced")
    func undoOutcomes() throws {
        #expect(try mmadmin(["import", "sessions", "-"], input: Self.sessions).status == 0)
        #expect(try mmadmin(["outcome", "record", "S2", "--rating", "3", "--goal-met", "no"]).status == 0)
        let before = try checksum()
        #expect(try mmadmin(["import", "outcomes", "-"], input: "session_id,rating,goal_met,comment\nS1,5,yes,great\nS2,4,yes,\n").status == 0)
        #expect(try mmadmin(["import", "undo", try lastImport()]).status == 0)
        #expect(try checksum() == before)
        #expect(try value("SELECT mentee_rating || ' ' || goal_met AS v FROM mm.outcomes") == "3 false")
    }

    @Test("undo of a roster import restores people and history; refused while later imports build on it")
    func undoRoster() throws {
        #expect(try mmadmin(["import", "sessions", "-"], input: Self.sessions).status == 0)
        let before = try checksum()
        // A month later: E5 leaves, E3 moves, E6 joins.
        let next = """
            Employee ID,Email,Department,Manager ID,Hire Date,Employment Status
            E1,ann@acme.test,Exec,,2020-01-01,Active
            E2,bo@acme.test,Sales,E1,2020-01-01,Active
            E3,cy@acme.test,Sales,E1,2020-01-01,Active
            E4,di@acme.test,Finance,E1,2020-01-01,Active
            E6,fe@acme.test,Finance,E4,2026-10-15,Active

            """
        let imported = try mmadmin(["import", "roster", "-", "--as-of", "2026-11-01", "--confirm-deactivations"], input: next)
        #expect(imported.status == 0, "\(imported.stderr)")
        let roster = try lastImport()
        #expect(try value("SELECT import_id::text AS v FROM mm.employees WHERE employee_id = 'E6'") == roster)

        // A later sessions import naming the new person builds on the roster.
        #expect(try mmadmin(["import", "sessions", "-"], input: "session_id,mentor_id,mentee_id,started_at,duration_minutes\nS9,E4,E6,2026-11-05T10:00:00Z,30\n").status == 0)
        let later = try lastImport()
        let refused = try mmadmin(["import", "undo", roster])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("the later sessions import \(later)"), "\(refused.stderr)")

        #expect(try mmadmin(["import", "undo", later]).status == 0)
        let undone = try mmadmin(["import", "undo", roster])
        #expect(undone.status == 0, "\(undone.stderr)")
        #expect(try checksum() == before)
        #expect(try value("SELECT status || ' ' || department AS v FROM mm.employees WHERE employee_id = 'E5'") == "active Finance")
        // A removed first period moves every month: the network figures are stale from the start.
        #expect(try value("SELECT (dirty_from = '-infinity')::text AS v FROM mm.metrics_state") == "true")
        // The roster can be imported again as of the same day.
        #expect(try mmadmin(["import", "roster", "-", "--as-of", "2026-11-01", "--confirm-deactivations"], input: next)
                .stdout.contains("1 new"))
    }

    @Test("undo refuses an import whose new rows later rows refer to, and an earlier import of a kind")
    func undoRefusals() throws {
        #expect(try mmadmin(["import", "sessions", "-"], input: Self.sessions).status == 0)
        let sessions = try lastImport()
        // An outcome recorded by hand for a session the import added.
        #expect(try mmadmin(["outcome", "record", "S3", "--rating", "4"]).status == 0)
        let refused = try mmadmin(["import", "undo", sessions])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("has an outcome recorded since"), "\(refused.stderr)")
        // The cohorts import: the sessions import after it builds on it.
        #expect(try mmadmin(["import", "undo", "2"]).stderr.contains("the later sessions import \(sessions)"))
        #expect(try value("SELECT count(*)::text AS v FROM mm.import_log WHERE undone_at IS NOT NULL") == "0")
    }

    @Test("two undos of one import at once: one undoes it, the other is refused")
    func concurrentUndo() throws {
        #expect(try mmadmin(["import", "sessions", "-"], input: Self.sessions).status == 0)
        let number = try lastImport()
        let results = LockedResults()
        let group = DispatchGroup()
        for _ in 0..<2 {
            group.enter()
            let arguments = ["import", "undo", number, "--lock-timeout", "30", "--database-url", conninfo]
            Thread.detachNewThread {
                results.append(try? CommandRunner.run(arguments))
                group.leave()
            }
        }
        group.wait()
        let statuses = results.all.compactMap { $0?.status }.sorted()
        #expect(statuses == [0, 65], "\(results.all.map { $0?.stderr ?? "" })")
        #expect(try value("SELECT count(*)::text AS v FROM mm.sessions") == "0")
        #expect(try value("SELECT count(*)::text AS v FROM mm.audit WHERE action = 'undo'") == "1")
    }

    @Test("undo of a cohorts import removes the cohorts it added (never deleted otherwise) and restores the ones it changed")
    func undoCohorts() throws {
        let before = try checksum()
        #expect(try mmadmin(["import", "cohorts", "-"], input: """
            cohort_id,name,start_date,end_date,description
            C1,Autumn,2026-09-01,2026-11-30,renamed dates
            C2,Winter,2027-01-01,2027-03-31,new

            """).stdout.contains("1 new, 1 updated"))
        #expect(try mmadmin(["import", "undo", try lastImport()]).status == 0)
        #expect(try checksum() == before)
        // Outside an undo, cohorts are still never deleted.
        #expect(throws: PostgresError.self) { try connection().execute("DELETE FROM mm.cohorts") }
    }

    @Test("an undo killed at any point leaves the import either undone or untouched, and a retry finishes it")
    func killedUndo() throws {
        let before = try checksum()
        let formatter = ISO8601DateFormatter()
        let base = formatter.date(from: "2026-09-01T00:00:00Z")!
        var sessions = "session_id,mentor_id,mentee_id,started_at,duration_minutes\n"
        for index in 0..<10_000 {
            sessions += "K\(index),E\(1 + index % 5),E\(1 + (index + 1) % 5),"
                + "\(formatter.string(from: base.addingTimeInterval(Double(index) * 60))),20\n"
        }
        for (round, delay) in [0.05, 0.3, 0.8].enumerated() {
            var clock = Date()
            let imported = try mmadmin(["import", "sessions", "-"], input: sessions)
            #expect(imported.status == 0, "\(imported.stderr)")
            print("killedUndo: import \(Date().timeIntervalSince(clock)) s")
            let number = try lastImport()
            let victim = Process()
            victim.executableURL = CommandRunner.executable
            victim.arguments = ["import", "undo", number, "--database-url", conninfo]
            victim.environment = ["MMADMIN_SQL_DIR": TestDatabase.sqlDirectory.path, "PATH": "/usr/bin:/bin"]
            victim.standardOutput = FileHandle.nullDevice
            victim.standardError = FileHandle.nullDevice
            try victim.run()
            Thread.sleep(forTimeInterval: delay)
            kill(victim.processIdentifier, SIGKILL)
            victim.waitUntilExit()
            // The server rolls the killed transaction back, or it had committed: all or nothing.
            clock = Date()
            let retry = try mmadmin(["import", "undo", number, "--lock-timeout", "30"])
            print("killedUndo: retry \(Date().timeIntervalSince(clock)) s, \(retry.status == 0 ? "undone by the retry" : "undone by the killed run")")
            #expect(retry.status == 0 || retry.stderr.contains("already undone"), "\(retry.stderr)")
            #expect(try checksum() == before)
            #expect(try value("SELECT count(*)::text AS v FROM mm.audit WHERE action = 'undo'") == String(round + 1))
        }
    }

    @Test("a refused import leaves no audit rows and no log entry")
    func refusedImportLeavesNoTrail() throws {
        let audited = try value("SELECT count(*)::text AS v FROM mm.audit")
        let refused = try mmadmin(["import", "sessions", "-"], input: Self.sessions + "S4,E1,E404,2026-09-06T14:00:00Z,30,,\n")
        #expect(refused.status == 65)
        #expect(try value("SELECT count(*)::text AS v FROM mm.audit") == audited)
        #expect(try value("SELECT count(*)::text AS v FROM mm.import_log WHERE kind = 'sessions'") == "0")
    }
}

/// Results gathered from threads.
private final class LockedResults: @unchecked Sendable {
    private var results: [CommandRunner.Result?] = []
    private let lock = NSLock()

    func append(_ result: CommandRunner.Result?) {
        lock.lock()
        results.append(result)
        lock.unlock()
    }

    var all: [CommandRunner.Result?] {
        lock.lock()
        defer { lock.unlock() }
        return results
    }
}
