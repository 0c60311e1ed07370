import Foundation
import Testing
import TestSupport

/// The small frictions of issue #13: list separators, one topic rule, leavers.
@Suite("Lists, topics and leavers")
struct FrictionTests: CommandLineSuite {
    let conninfo: String

    init() throws {
        conninfo = try Self.database(roster: """
            Employee ID,Email,Department,Manager ID,Employment Status,Termination Date
            E1,ann@acme.test,Exec,,Active,
            E2,bo@acme.test,Sales,E1,Active,
            E3,cy@acme.test,Engineering,E1,Active,
            E4,di@acme.test,Sales,E1,Active,
            E8,left@acme.test,Sales,E1,Terminated,2026-09-15

            """)
        #expect(try mmadmin(["cohort", "create", "Autumn", "--starts", "2026-09-01", "--ends", "2026-12-31"]).status == 0)
    }

    @Test("people lists take commas, spaces or both")
    func commaOrSpaceLists() throws {
        let enrolled = try mmadmin(["cohort", "enroll", "Autumn", "--mentors", "ann@acme.test,E3", "--mentees", "E2, di@acme.test",
                                    "--on", "2026-09-01"])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        #expect(enrolled.stdout.contains("Enrolled 4 people in Autumn."), "\(enrolled.stdout)")
        #expect(try mmadmin(["cohort", "show", "Autumn", "--format", "csv"]).stdout.contains("Autumn,2026-09-01,2026-12-31,,2,2,0,0"))
        #expect(try mmadmin(["cohort", "withdraw", "Autumn", "E2,E4", "--on", "2026-11-01"]).stdout.contains("Withdrew 2"))
        #expect(try mmadmin(["cohort", "enroll", "Autumn", "--mentees", "E2,,E404"]).status == 65)
        #expect(try mmadmin(["match", "accept", "1,x"]).status == 64)
        #expect(try mmadmin(["match", "accept", "1,2"]).stderr.contains("2 proposals cannot be decided"))
    }

    @Test("enrolling someone who has left works and warns on standard error")
    func leaverWarning() throws {
        let enrolled = try mmadmin(["cohort", "enroll", "Autumn", "--mentees", "E8", "E2", "--on", "2026-09-01"])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        #expect(enrolled.stderr == "warning: E8 has left the company (inactive in the roster); enrolled all the same.\n")
        #expect(!enrolled.stdout.contains("warning"))
        let active = try mmadmin(["cohort", "enroll", "Autumn", "--mentors", "E3", "--on", "2026-09-01"])
        #expect(active.status == 0 && active.stderr.isEmpty, "\(active.stderr)")
    }

    @Test("mentor set and the mentors file split topics by the same rule: , ; and | all separate")
    func oneTopicRule() throws {
        let typed = "negotiation; sql|Public speaking, ,sales"
        #expect(try mmadmin(["mentor", "set", "E1", "--topics", typed]).status == 0)
        let imported = try mmadmin(["import", "mentors", "-"], input: "employee_id,topics\nE3,\"\(typed)\"\n")
        #expect(imported.status == 0, "\(imported.stderr)")
        let listed = try mmadmin(["mentor", "list", "--format", "json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let topics = Dictionary(uniqueKeysWithValues: rows.map { ($0["employee_id"] as? String ?? "", $0["topics"] as? String ?? "") })
        #expect(topics["E1"] == "negotiation, sql, Public speaking, sales")
        #expect(topics["E3"] == topics["E1"])
        // One topic each way finds the mentor.
        #expect(try mmadmin(["mentor", "list", "--topic", "public speaking", "--format", "csv"]).stdout.contains("\r\nE1,"))
    }

    @Test("session log checks employment on the session's day: a leaver needs no flag for a day they still worked")
    func leaverOnTheSessionsDay() throws {
        let before = try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E8", "--at", "2026-09-03 14:00"])
        #expect(before.status == 0, "\(before.stderr)")
        let after = try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E8", "--at", "2026-09-15 09:00"])
        #expect(after.status == 65)
        #expect(after.stderr.contains("E8 was not an active employee on 2026-09-15, the session's day (UTC)."), "\(after.stderr)")
        #expect(after.stderr.contains("--allow-inactive"))
        #expect(try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E8", "--at", "2026-09-15 09:00", "--allow-inactive"])
            .status == 0)
        // A current employee on a day before their roster history: their earliest values apply.
        #expect(try mmadmin(["session", "log", "--mentor", "E8", "--mentee", "E2", "--at", "2026-09-10 10:00"]).status == 0)
    }
}
