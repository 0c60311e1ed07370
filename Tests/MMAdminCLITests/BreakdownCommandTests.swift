import Foundation
import PostgresClient
import Testing
import TestSupport

/// The breakdown commands a manager and an analyst use: `settings`, `report quarterly`, the
/// department table and year-to-date line of `report monthly`, freshness in `metrics show`.
@Suite("Breakdowns on the command line")
struct BreakdownCommandTests: CommandLineSuite {
    let conninfo: String

    /// Sales: S1–S6, Engineering: G1–G6, Legal: L1–L2. In July to September 2026, S1 mentors
    /// S2–S6 and G1 mentors G2–G6 each month, and L1 mentors L2 in August.
    init() throws {
        var roster = "Employee ID,Email,Department,Hire Date,Employment Status\n"
        for (prefix, department, size) in [("S", "Sales", 6), ("G", "Engineering", 6), ("L", "Legal", 2)] {
            for i in 1...size { roster += "\(prefix)\(i),\(prefix.lowercased())\(i)@acme.test,\(department),2020-01-01,Active\n" }
        }
        conninfo = try Self.database(roster: roster, asOf: "2026-01-01")
        var sessions = "session_id,mentor_employee_id,mentee_employee_id,started_at,duration_minutes\n"
        for month in ["07", "08", "09"] {
            for i in 2...6 {
                sessions += "S\(month)\(i),S1,S\(i),2026-\(month)-0\(i)T10:00:00Z,30\nG\(month)\(i),G1,G\(i),2026-\(month)-0\(i)T11:00:00Z,30\n"
            }
        }
        sessions += "L08,L1,L2,2026-08-20T10:00:00Z,30\n"
        let imported = try mmadmin(["import", "sessions", "-"], input: sessions)
        guard imported.status == 0 else { throw TestSetupError(imported.stderr) }
        #expect(imported.stderr.contains("metrics refresh"), "an import says the network figures are now stale")
    }

    @Test("settings set changes the small-group threshold, never below 3")
    func settings() throws {
        #expect(try mmadmin(["settings", "set", "small-group-threshold", "2"]).status == 64)
        #expect(try mmadmin(["settings", "set", "small-group-threshold", "seven"]).status == 64)
        #expect(try mmadmin(["settings", "set", "no-such-setting", "7"]).status == 64)
        let listed = try mmadmin(["settings", "list", "--format", "csv"])
        #expect(listed.stdout.contains("small-group-threshold,5,"))
        // Legal's two people stay hidden at k = 5 and at k = 3, the lowest setting.
        func legalShown() throws -> Bool {
            let shown = try mmadmin(["metrics", "show", "participation_by_department", "--month", "2026-08", "--format", "csv"])
            return shown.stdout.split(separator: "\n").contains { $0.hasPrefix("2026-08-01,Legal,2,") }
        }
        #expect(try !legalShown())
        #expect(try mmadmin(["settings", "set", "small-group-threshold", "3"]).status == 0)
        #expect(try !legalShown()) // 2 people < 3
        #expect(try mmadmin(["settings", "set", "small-group-threshold", "5"]).status == 0)
    }

    @Test("report quarterly writes every format; an unfinished or malformed quarter is refused")
    func quarterly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quarterly-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for format in ["html", "markdown", "csv", "json"] {
            let path = folder.appendingPathComponent("q.\(format)").path
            let result = try mmadmin(["report", "quarterly", "--quarter", "2026-Q3", "--format", format, "--output", path])
            #expect(result.status == 0, "\(result.stderr)")
            let text = try String(contentsOfFile: path, encoding: .utf8)
            switch format {
            case "html": #expect(text.contains("Participation by department in Q3 2026"))
            case "markdown":
                #expect(text.contains("| Active participants | 14 |")) // overall totals count Legal's pair too
                #expect(text.contains("| Legal | <5 |"))
            case "csv": #expect(text.hasPrefix("quarter,metric,value\r\n") && text.contains("2026-Q3,sessions,31\r\n"))
            default:
                let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
                #expect(json["report"] as? String == "quarterly")
                #expect(json["quarter"] as? String == "2026-Q3")
                let departments = try #require(json["departments"] as? [[String: Any]])
                let sales = try #require(departments.first { $0["department"] as? String == "Sales" })
                #expect((sales["active_participants"] as? NSNumber)?.intValue == 6)
                #expect((sales["participation_rate"] as? NSNumber)?.doubleValue == 1)
                let legal = try #require(departments.first { $0["department"] as? String == "Legal" })
                #expect(legal["active_participants"] is NSNull)
            }
        }
        #expect(try mmadmin(["report", "quarterly", "--quarter", "2026-Q5"]).status == 64)
        #expect(try mmadmin(["report", "quarterly", "--quarter", "2030-Q1"]).status == 64)
    }

    @Test("report monthly has the department table, sorted by participation rate, and the year so far")
    func monthly() throws {
        let markdown = try mmadmin(["report", "monthly", "--month", "2026-08", "--format", "markdown"])
        #expect(markdown.status == 0, "\(markdown.stderr)")
        let lines = markdown.stdout.split(separator: "\n").map(String.init)
        let sales = try #require(lines.firstIndex { $0.hasPrefix("| Sales |") })
        let legal = try #require(lines.firstIndex { $0.hasPrefix("| Legal |") })
        #expect(sales < legal) // hidden groups last
        #expect(lines[legal].contains("<5"))
        #expect(markdown.stdout.contains("Year to date (January–August 2026): 21 sessions with 14 people"))
        let csv = try mmadmin(["report", "monthly", "--month", "2026-08", "--format", "csv"]).stdout
        #expect(csv.contains("2026-08,department[Sales].participation_rate,1\r\n")) // S1 and S2–S6: all six
        #expect(csv.contains("2026-08,year_to_date.active_participants,14\r\n"))
        #expect(!csv.contains("department[Legal]")) // hidden: no figures at all
        let json = try #require(try JSONSerialization.jsonObject(
            with: Data(try mmadmin(["report", "monthly", "--month", "2026-08", "--format", "json"]).stdout.utf8)) as? [String: Any])
        let yearToDate = try #require(json["year_to_date"] as? [String: Any])
        #expect((yearToDate["sessions"] as? NSNumber)?.intValue == 21)
        let hidden = try #require((json["departments"] as? [[String: Any]])?.first { $0["department"] as? String == "Legal" })
        #expect(hidden["sessions"] is NSNull && hidden["headcount"] is NSNull)
    }

    @Test("metrics show says when the stored network figures are stale, and freshness tells analysts")
    func freshness() throws {
        let shown = try mmadmin(["metrics", "show", "network_monthly"])
        #expect(shown.stderr.contains("metrics refresh"))
        let fresh = try mmadmin(["metrics", "show", "freshness", "--format", "json"])
        let row = try #require((try JSONSerialization.jsonObject(with: Data(fresh.stdout.utf8)) as? [[String: Any]])?.first)
        #expect(row["stale"] as? Bool == true)
        #expect(row["stale_from_month"] as? String == "2026-07-01")
        #expect(try mmadmin(["metrics", "refresh"]).status == 0)
        let after = try mmadmin(["metrics", "show", "freshness", "--format", "json"])
        let refreshed = try #require((try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [[String: Any]])?.first)
        #expect(refreshed["stale"] as? Bool == false)
        #expect(refreshed["months_affected"] as? NSNumber == 0)
        #expect(!(try mmadmin(["metrics", "show", "network_monthly"]).stderr.contains("metrics refresh")))
        // An import reaching back only to the last complete month refreshes on the spot.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let last = calendar.dateComponents([.year, .month], from: calendar.date(byAdding: .month, value: -1, to: Date())!)
        let month = String(format: "%04d-%02d", last.year!, last.month!)
        let imported = try mmadmin(["import", "sessions", "-"], input: """
            session_id,mentor_employee_id,mentee_employee_id,started_at,duration_minutes
            N1,S2,G2,\(month)-15T10:00:00Z,30

            """)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("network metrics recomputed"), "\(imported.stderr)")
        let latest = try mmadmin(["metrics", "show", "freshness", "--format", "json"])
        let state = try #require((try JSONSerialization.jsonObject(with: Data(latest.stdout.utf8)) as? [[String: Any]])?.first)
        #expect(state["stale"] as? Bool == false)
    }
}
