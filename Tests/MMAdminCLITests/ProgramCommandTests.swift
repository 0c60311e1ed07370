import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite("Program administration commands")
struct ProgramCommandTests: CommandLineSuite {
    let conninfo: String

    init() throws {
        conninfo = try Self.database(roster: """
            Employee ID,Email,Department,Manager ID,Employment Status
            E1,ann@acme.test,Exec,,Active
            E2,bo@acme.test,Sales,E1,Active
            E3,cy@acme.test,Engineering,E1,Active
            E9,gone@acme.test,Sales,E1,Terminated

            """)
    }

    @Test("cohort create, enroll, show, withdraw, close")
    func cohortLifecycle() throws {
        #expect(try mmadmin(["cohort", "create", "Autumn", "--starts", "2026-10-01", "--ends", "2026-12-31"]).status == 0)
        #expect(try mmadmin(["cohort", "create", "Autumn", "--starts", "2026-10-01", "--ends", "2026-12-31"]).status == 65)
        #expect(try mmadmin(["cohort", "create", "Bad", "--starts", "2026-10-01", "--ends", "2026-09-30"]).status == 64)
        let enrolled = try mmadmin(["cohort", "enroll", "Autumn", "--mentors", "E1", "--mentees", "bo@acme.test", "E3", "--on", "2026-10-01"])
        #expect(enrolled.stdout.contains("Enrolled 3 people"), "\(enrolled.stderr)")
        #expect(try mmadmin(["cohort", "enroll", "Autumn", "--mentees", "E404"]).status == 65)
        let shown = try mmadmin(["cohort", "show", "Autumn", "--format", "csv"])
        #expect(shown.stdout.contains("Autumn,2026-10-01,2026-12-31,,1,2,0,0"))
        #expect(try mmadmin(["cohort", "withdraw", "Autumn", "E3", "--on", "2026-11-01"]).stdout.contains("Withdrew 1"))
        #expect(try mmadmin(["cohort", "close", "Autumn"]).status == 0)
        #expect(try mmadmin(["cohort", "enroll", "Autumn", "--mentees", "E3"]).status == 65)
        #expect(try mmadmin(["cohort", "show", "Nope"]).status == 65)
    }

    @Test("cohort enroll with --from-csv is one transaction: a refused file enrols nobody named alongside it")
    func enrollFromCSVIsAtomic() throws {
        #expect(try mmadmin(["cohort", "create", "Autumn", "--starts", "2026-10-01", "--ends", "2026-12-31"]).status == 0)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("enrol-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try "cohort,employee_id,role\nAutumn,E2,mentee\nAutumn,E404,mentee\n".write(to: file, atomically: true, encoding: .utf8)
        let refused = try mmadmin(["cohort", "enroll", "Autumn", "--mentors", "E1", "--from-csv", file.path, "--on", "2026-10-01"])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("line 3"))
        #expect(try mmadmin(["cohort", "show", "Autumn", "--format", "csv"]).stdout.contains("Autumn,2026-10-01,2026-12-31,,0,0,0,0"))

        try "cohort,employee_id,role\nAutumn,E2,mentee\n".write(to: file, atomically: true, encoding: .utf8)
        let accepted = try mmadmin(["cohort", "enroll", "Autumn", "--mentors", "E1", "--from-csv", file.path, "--on", "2026-10-01"])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stdout.contains("Enrolled 1 person in Autumn."))
        #expect(accepted.stdout.contains("1 new"))
        #expect(try mmadmin(["cohort", "show", "Autumn", "--format", "csv"]).stdout.contains("Autumn,2026-10-01,2026-12-31,,1,1,0,0"))
    }

    @Test("output that cannot be written is exit 74, never a silent success")
    func unwritableOutput() throws {
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E2", "--at", "2026-09-03 14:00"])
        for redirection in [">/dev/full", ">&-"] {
            let lost = try CommandRunner.run(["report", "monthly", "--month", "2026-09", "--format", "markdown",
                                              "--database-url", conninfo], redirections: redirection)
            #expect(lost.status == 74, "\(redirection): \(lost.stderr)")
            #expect(lost.stderr.contains("The output could not be written."))
        }
        let listed = try CommandRunner.run(["employees", "list", "--database-url", conninfo], redirections: ">/dev/full")
        #expect(listed.status == 74)
        let unwritable = try mmadmin(["report", "monthly", "--month", "2026-09", "--output", "/proc/nonexistent/report.html"])
        #expect(unwritable.status == 74)
    }

    @Test("inputs that are not plain files: a closed stdin exits 66, a FIFO imports, a folder or a missing file exits 66")
    func unusualInputs() throws {
        let closed = try CommandRunner.run(["import", "sessions", "-", "--database-url", conninfo], redirections: "<&-")
        #expect(closed.status == 66, "\(closed.stderr)")
        #expect(closed.stderr.contains("Standard input cannot be read"))
        #expect(try mmadmin(["import", "sessions", "/nonexistent/sessions.csv"]).status == 66)
        #expect(try mmadmin(["import", "sessions", FileManager.default.temporaryDirectory.path]).status == 66)

        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("sessions-\(UUID().uuidString).fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        let csv = "session_id,mentor_employee_id,mentee_employee_id,started_at,duration_minutes\nS1,E1,E2,2026-10-03T14:00:00Z,20\n"
        let writer = Thread { FileManager.default.createFile(atPath: fifo, contents: Data(csv.utf8)) }
        writer.start()
        let imported = try mmadmin(["import", "sessions", fifo])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("1 new"))
    }

    @Test("session log, complete, outcome record, and list")
    func sessionLifecycle() throws {
        let logged = try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "bo@acme.test", "--at", "2026-11-03 14:00",
                                  "--minutes", "20", "--topic", "negotiation", "--status", "scheduled"])
        #expect(logged.stdout == "Logged session #1 (scheduled).\n", "\(logged.stderr)")
        #expect(try mmadmin(["outcome", "record", "1", "--rating", "5"]).status == 65) // not completed yet
        #expect(try mmadmin(["session", "complete", "1"]).status == 0)
        #expect(try mmadmin(["session", "cancel", "1"]).status == 65) // no longer scheduled
        #expect(try mmadmin(["outcome", "record", "1", "--rating", "5", "--goal-met", "yes", "--follow-up"]).status == 0)
        let listed = try mmadmin(["session", "list", "--month", "2026-11", "--format", "csv"])
        #expect(listed.stdout.contains("1,,2026-11-03 14:00Z,20,E1,E2,coffee_chat,negotiation,,completed,5"))
        #expect(try mmadmin(["session", "list", "--month", "2026-10", "--format", "csv"]).stdout.split(separator: "\r\n").count == 1)
    }

    @Test("session log refusals", arguments: [
        (["--mentor", "E404", "--mentee", "E2"], Int32(65), "No employee"),
        (["--mentor", "E1", "--mentee", "ann@acme.test"], Int32(65), "same person"),
        (["--mentor", "E1", "--mentee", "E9"], Int32(65), "was not an active employee on 2026-11-03"),
        (["--mentor", "E1", "--mentee", "E2", "--minutes", "0"], Int32(64), "--minutes"),
        (["--mentor", "E1", "--mentee", "E2", "--cohort", "Nope"], Int32(65), "No cohort"),
    ])
    func refusals(arguments: [String], status: Int32, message: String) throws {
        let result = try mmadmin(["session", "log", "--at", "2026-11-03 14:00"] + arguments)
        #expect(result.status == status)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test("an inactive employee is accepted with --allow-inactive")
    func allowInactive() throws {
        let result = try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E9", "--at", "2026-05-03 14:00", "--allow-inactive"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test("a session outside its cohort, or with a non-member, is refused")
    func outsideCohort() throws {
        try mmadmin(["cohort", "create", "Autumn", "--starts", "2026-10-01", "--ends", "2026-12-31"])
        let notMember = try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E2", "--at", "2026-11-03 14:00", "--cohort", "Autumn"])
        #expect(notMember.status == 65)
        #expect(notMember.stderr.contains("not a member"))
        try mmadmin(["cohort", "enroll", "Autumn", "--mentors", "E1", "--mentees", "E2", "--on", "2026-10-01"])
        let outside = try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E2", "--at", "2027-01-03 14:00", "--cohort", "Autumn"])
        #expect(outside.status == 65)
        #expect(outside.stderr.contains("outside the cohort"))
        #expect(try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E2", "--at", "2026-11-03 14:00", "--cohort", "Autumn"]).status == 0)
    }

    @Test("outcome ratings outside 1–5 are usage errors; missing sessions data errors")
    func outcomeRefusals() throws {
        #expect(try mmadmin(["outcome", "record", "1", "--rating", "0"]).status == 64)
        #expect(try mmadmin(["outcome", "record", "1", "--rating", "6"]).status == 64)
        #expect(try mmadmin(["outcome", "record", "77", "--rating", "4"]).status == 65)
    }

    @Test("mentors: set, list by topic and availability, pause and resume")
    func mentors() throws {
        #expect(try mmadmin(["mentor", "set", "E1", "--topics", "Negotiation, SQL", "--capacity", "1"]).status == 0)
        #expect(try mmadmin(["mentor", "set", "E3", "--topics", "sql"]).status == 0)
        #expect(try mmadmin(["mentor", "set", "E404", "--capacity", "2"]).status == 65)
        #expect(try mmadmin(["mentor", "list", "--topic", "sql", "--format", "csv"]).stdout.split(separator: "\r\n").count == 3)
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E2", "--at", "2026-11-03 14:00"])
        let available = try mmadmin(["mentor", "list", "--available", "--month", "2026-11", "--format", "csv"])
        #expect(!available.stdout.contains("E1,"))
        #expect(available.stdout.contains("E3,"))
        #expect(try mmadmin(["mentor", "pause", "E3"]).status == 0)
        #expect(!(try mmadmin(["mentor", "list", "--available", "--month", "2026-11", "--format", "csv"]).stdout.contains("E3,")))
        #expect(try mmadmin(["mentor", "resume", "E3"]).status == 0)
        #expect(try mmadmin(["mentor", "pause", "E2"]).status == 65)
    }

    @Test("import sessions twice leaves the count unchanged")
    func sessionsTwice() throws {
        let csv = "session_id,mentor_employee_id,mentee_employee_id,started_at,duration_minutes\nS1,E1,E2,2026-10-03T14:00:00Z,20\n"
        #expect(try mmadmin(["import", "sessions", "-"], input: csv).stdout.contains("1 new"))
        #expect(try mmadmin(["import", "sessions", "-"], input: csv).stdout.contains("nothing changed"))
        #expect(try mmadmin(["session", "list", "--format", "csv"]).stdout.split(separator: "\r\n").count == 2)
    }

    @Test("metrics list and show read mm_metrics; unknown names are refused")
    func metrics() throws {
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E2", "--at", "2026-09-03 14:00", "--minutes", "25"])
        let listed = try mmadmin(["metrics", "list", "--format", "csv"])
        #expect(listed.stdout.contains("participation_monthly,\"Program participation per calendar month"))
        let shown = try mmadmin(["metrics", "show", "participation_monthly", "--month", "2026-09", "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.count == 1)
        #expect(rows?.first?["sessions"] as? Int == 1)
        #expect(rows?.first?["mentoring_minutes"] as? Int == 25)
        #expect(try mmadmin(["metrics", "show", "employees"]).status == 64)
    }

    @Test("metrics refresh computes network_monthly once and knows when it is up to date")
    func networkRefresh() throws {
        // E1 mentors E2 (Exec–Sales) twice and E3 (Exec–Engineering) once; E2 mentors E3.
        for (mentor, mentee, at) in [("E1", "E2", "2026-08-03 10:00"), ("E1", "E2", "2026-09-03 10:00"),
                                     ("E1", "E3", "2026-09-04 10:00"), ("E2", "E3", "2026-09-05 10:00")] {
            #expect(try mmadmin(["session", "log", "--mentor", mentor, "--mentee", mentee, "--at", at]).status == 0)
        }
        #expect(try mmadmin(["metrics", "refresh"]).stdout.contains("Recomputed"))
        #expect(try mmadmin(["metrics", "refresh"]).stdout.contains("up to date"))
        let shown = try mmadmin(["metrics", "show", "network_monthly", "--month", "2026-09", "--format", "json"])
        let row = try #require((try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [[String: Any]])?.first)
        #expect((row["new_ties"] as? NSNumber)?.doubleValue == 2)
        #expect((row["cumulative_ties"] as? NSNumber)?.doubleValue == 3)
        #expect((row["components"] as? NSNumber)?.doubleValue == 1)
        #expect((row["avg_degree"] as? NSNumber)?.doubleValue == 2) // a triangle
        #expect((row["cross_department_share"] as? NSNumber)?.doubleValue == 1)
        // A new session makes the stored figures stale.
        try mmadmin(["session", "log", "--mentor", "E3", "--mentee", "E1", "--at", "2026-09-06 10:00"])
        #expect(try mmadmin(["metrics", "refresh"]).stdout.contains("Recomputed"))
    }

    @Test("report monthly writes every format; a month without figures is refused")
    func report() throws {
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E2", "--at", "2026-09-03 10:00"])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for format in ["html", "markdown", "csv", "json"] {
            let path = folder.appendingPathComponent("report.\(format)").path
            let result = try mmadmin(["report", "monthly", "--month", "2026-09", "--format", format, "--output", path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(FileManager.default.fileExists(atPath: path))
        }
        let markdown = try mmadmin(["report", "monthly", "--month", "2026-09", "--format", "markdown"])
        #expect(markdown.stdout.contains("| Sessions | 1 |"))
        #expect(!markdown.stdout.contains("ann@acme.test"))
        #expect(try mmadmin(["report", "monthly", "--month", "2020-01"]).status == 64)
    }

    @Test("a refresh keeps closed months that no change can affect")
    func incrementalRefresh() throws {
        for at in ["2026-07-03 10:00", "2026-08-03 10:00"] {
            try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E2", "--at", at])
        }
        #expect(try mmadmin(["metrics", "refresh"]).status == 0)
        let database = try PostgresConnection(conninfo: conninfo)
        // Mark July's stored row, then add a session in September: July must not be recomputed.
        try database.execute("UPDATE mm_metrics.network_monthly SET new_ties = 99 WHERE month = '2026-07-01'")
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E3", "--at", "2026-09-03 10:00"])
        let refreshed = try mmadmin(["metrics", "refresh"])
        #expect(refreshed.stdout.contains("Recomputed"), "\(refreshed.stderr)")
        func newTies(_ month: String) throws -> Int? {
            try database.query("SELECT new_ties FROM mm_metrics.network_monthly WHERE month = \(month)::date").first?.decode(Int.self, "new_ties")
        }
        #expect(try newTies("2026-07-01") == 99)
        #expect(try newTies("2026-09-01") == 1)
        // A session changed in July makes July stale again.
        try mmadmin(["session", "log", "--mentor", "E2", "--mentee", "E3", "--at", "2026-07-04 10:00"])
        try mmadmin(["metrics", "refresh"])
        #expect(try newTies("2026-07-01") == 2)
        #expect(try mmadmin(["metrics", "refresh", "--force"]).stdout.contains("Recomputed"))
    }

    @Test("a refresh from cached ties gives the figures of a full recomputation")
    func cachedTiesMatchFullRefresh() throws {
        for (mentor, mentee, at) in [("E1", "E2", "2025-06-03 10:00"), ("E2", "E3", "2025-09-03 10:00")] {
            try mmadmin(["session", "log", "--mentor", mentor, "--mentee", mentee, "--at", at])
        }
        #expect(try mmadmin(["metrics", "refresh"]).status == 0)
        let database = try PostgresConnection(conninfo: conninfo)
        #expect(try database.query("SELECT count(*)::int AS n FROM mm.network_ties").first!.decode(Int.self, "n") == 2)
        // August 2026: a new tie E1-E3 closes the triangle; September: E2 and E1 meet again, roles
        // swapped (no new tie). The refresh starts in August from the two cached ties.
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E3", "--at", "2026-08-05 10:00"])
        try mmadmin(["session", "log", "--mentor", "E2", "--mentee", "E1", "--at", "2026-09-05 10:00"])
        // August to October (the last complete month when this was written; later months too).
        let refreshed = try mmadmin(["metrics", "refresh"]).stdout
        #expect(refreshed.contains("Recomputed") && !refreshed.contains("for 1 month") && !refreshed.contains("for 17 months"), "\(refreshed)")
        #expect(try database.query("SELECT count(*)::int AS n FROM mm.network_ties").first!.decode(Int.self, "n") == 3)
        func snapshot() throws -> [String] {
            try database.query("SELECT * FROM mm_metrics.network_monthly ORDER BY month").rows.map { row in
                try (0..<row.columns.count).map { try row.decode(String?.self, at: $0) ?? "NULL" }.joined(separator: "|")
            }
        }
        let incremental = try snapshot()
        #expect(try mmadmin(["metrics", "refresh", "--force"]).status == 0)
        #expect(try snapshot() == incremental)
        #expect(incremental.count >= 16)
    }

    @Test("concurrent refreshes wait for each other and leave one consistent tie cache")
    func concurrentRefreshes() async throws {
        for (mentor, mentee, at) in [("E1", "E2", "2025-06-03 10:00"), ("E2", "E3", "2025-09-03 10:00"), ("E1", "E3", "2026-08-05 10:00")] {
            try mmadmin(["session", "log", "--mentor", mentor, "--mentee", mentee, "--at", at])
        }
        let statuses = try await withThrowingTaskGroup(of: Int32.self) { group in
            for _ in 0..<3 { group.addTask { try self.mmadmin(["metrics", "refresh", "--force"]).status } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == [0, 0, 0])
        let database = try PostgresConnection(conninfo: conninfo)
        #expect(try database.query("SELECT count(*)::int AS n FROM mm.network_ties").first!.decode(Int.self, "n") == 3)
        let months = try database.query("""
            SELECT count(*)::int AS n, count(DISTINCT month)::int AS distinct_months FROM mm_metrics.network_monthly
            """).first!
        #expect(try months.decode(Int.self, "n") == months.decode(Int.self, "distinct_months"))
        #expect(try database.query("SELECT cumulative_ties FROM mm_metrics.network_monthly WHERE month = '2026-08-01'")
            .first?.decode(Int.self, "cumulative_ties") == 3)
    }

    @Test("a closed month's report is identical after a later roster import")
    func reproducibleReport() throws {
        try mmadmin(["cohort", "create", "Autumn", "--starts", "2026-09-01", "--ends", "2026-12-31"])
        try mmadmin(["cohort", "enroll", "Autumn", "--mentors", "E1", "--mentees", "E2", "E3", "--on", "2026-09-01"])
        for (mentee, at) in [("E2", "2026-09-03 10:00"), ("E3", "2026-09-10 10:00"), ("E2", "2026-10-03 10:00")] {
            try mmadmin(["session", "log", "--mentor", "E1", "--mentee", mentee, "--at", at, "--cohort", "Autumn"])
        }
        let before = try mmadmin(["report", "monthly", "--month", "2026-09", "--format", "json"])
        #expect(before.status == 0, "\(before.stderr)")
        // November's roster: E3 moves department, E2 leaves, E4 joins.
        let november = """
            Employee ID,Email,Department,Manager ID,Employment Status
            E1,ann@acme.test,Exec,,Active
            E3,cy@acme.test,Research,E1,Active
            E4,di@acme.test,Sales,E1,Active

            """
        let imported = try mmadmin(["import", "roster", "-", "--as-of", "2026-11-01", "--confirm-deactivations"], input: november)
        #expect(imported.status == 0, "\(imported.stderr)")
        let after = try mmadmin(["report", "monthly", "--month", "2026-09", "--format", "json"])
        #expect(after.stdout == before.stdout)
        let departments = try mmadmin(["metrics", "show", "participation_by_department", "--month", "2026-09", "--format", "csv"])
        #expect(!departments.stdout.contains("Research"))
    }

    @Test("names appear only with --include-names")
    func namesOnlyWhenAsked() throws {
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E2", "--at", "2026-09-03 10:00"])
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E3", "--at", "2026-09-04 10:00"])
        let plain = try mmadmin(["report", "monthly", "--month", "2026-09", "--format", "html"])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(!plain.stdout.contains("Busiest mentors") && plain.stdout.contains("No person is named"))
        let named = try mmadmin(["report", "monthly", "--month", "2026-09", "--format", "json", "--include-names"])
        let document = try JSONSerialization.jsonObject(with: Data(named.stdout.utf8)) as? [String: Any]
        let mentors = try #require(document?["mentors"] as? [[String: Any]])
        // The roster has no names for E1: the id stands in.
        #expect(mentors.count == 1 && mentors[0]["name"] as? String == "E1" && mentors[0]["sessions"] as? Int == 2)
        // Without the flag: no list of mentors (the guidance section's load figures have a count
        // named `mentors`, inside `guidance.mentor_load`) and no name anywhere.
        let unnamed = try mmadmin(["report", "monthly", "--month", "2026-09", "--format", "json"]).stdout
        let plainDocument = try JSONSerialization.jsonObject(with: Data(unnamed.utf8)) as? [String: Any]
        #expect(plainDocument != nil && plainDocument?["mentors"] == nil)
        #expect(!unnamed.contains("\"name\""))
    }

    @Test("a cohort report: its own figures, suppressed when the cohort is small; unknown cohorts refused")
    func cohortReport() throws {
        try mmadmin(["cohort", "create", "Autumn", "--starts", "2026-09-01", "--ends", "2026-12-31"])
        try mmadmin(["cohort", "enroll", "Autumn", "--mentors", "E1", "--mentees", "E2", "E3", "--on", "2026-09-01"])
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E2", "--at", "2026-09-03 10:00", "--cohort", "Autumn"])
        let report = try mmadmin(["report", "monthly", "--month", "2026-09", "--cohort", "Autumn", "--format", "markdown"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.hasPrefix("# Micromentoring cohort report: Autumn, September 2026\n"))
        // Two people took part: under the threshold of 5, so nothing is shown.
        #expect(report.stdout.contains("Fewer than 5 people took part in Autumn in September 2026"))
        #expect(report.stdout.contains("| Sessions | <5 |"))
        #expect(!report.stdout.contains("New ties"))
        // The cohort may be named by its external id too, as in every command and import.
        let byID = try mmadmin(["report", "monthly", "--month", "2026-09", "--cohort", "Q3-2026", "--format", "markdown"])
        #expect(byID.status == 65 && byID.stderr.contains("No cohort is named Q3-2026"))
        try mmadmin(["cohort", "create", "Winter", "--starts", "2026-12-01", "--ends", "2027-02-28", "--external-id", "W1"])
        let empty = try mmadmin(["report", "monthly", "--month", "2026-09", "--cohort", "W1"])
        #expect(empty.status == 65)
        #expect(empty.stderr.contains("The cohort Winter has no sessions"))
        let unknown = try mmadmin(["report", "monthly", "--month", "2026-09", "--cohort", "Spring"])
        #expect(unknown.status == 65)
        #expect(unknown.stderr.contains("No cohort is named Spring"))
    }

    @Test("a cohort report by external id equals the report by name")
    func cohortReportByExternalID() throws {
        try mmadmin(["cohort", "create", "Autumn", "--starts", "2026-09-01", "--ends", "2026-12-31", "--external-id", "Q4"])
        try mmadmin(["cohort", "enroll", "Autumn", "--mentors", "E1", "--mentees", "E2", "--on", "2026-09-01"])
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E2", "--at", "2026-09-03 10:00", "--cohort", "Q4"])
        for format in ["markdown", "json"] {
            let byName = try mmadmin(["report", "monthly", "--month", "2026-09", "--cohort", "Autumn", "--format", format])
            let byID = try mmadmin(["report", "monthly", "--month", "2026-09", "--cohort", "Q4", "--format", format])
            #expect(byName.status == 0 && byID.stdout == byName.stdout, "\(byID.stderr)")
        }
    }

    @Test("program imports share the import lock: exit 75 while another import holds it")
    func programImportLock() throws {
        let holder = try PostgresConnection(conninfo: conninfo)
        try holder.executeScript("BEGIN")
        try holder.execute("SELECT pg_advisory_xact_lock(\(0x6D6D_696D_706F))")
        let csv = "session_id,mentor_employee_id,mentee_employee_id,started_at,duration_minutes\nS1,E1,E2,2026-10-03T14:00:00Z,20\n"
        let blocked = try mmadmin(["import", "sessions", "-", "--lock-timeout", "0.3"], input: csv)
        #expect(blocked.status == 75)
        try holder.executeScript("ROLLBACK")
        #expect(try mmadmin(["import", "sessions", "-"], input: csv).status == 0)
        #expect(try mmadmin(["metrics", "show", "participation_monthly", "--month", "October"]).status == 64)
    }
}
