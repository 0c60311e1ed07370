import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite("Match commands")
struct MatchCommandTests: CommandLineSuite {
    let conninfo: String

    init() throws {
        conninfo = try Self.database(roster: """
            Employee ID,Email,Department,Job Title,Location,Manager ID,Employment Status
            E1,ann@acme.test,Exec,Chief Executive Officer,Berlin,,Active
            E2,bo@acme.test,Sales,Analyst,Berlin,E1,Active
            E3,cy@acme.test,Engineering,Senior Engineer,Madrid,E1,Active
            E4,di@acme.test,Sales,Associate,Berlin,E2,Active

            """)
        #expect(try mmadmin(["mentor", "set", "E3", "--topics", "negotiation,sql", "--capacity", "2"]).status == 0)
        #expect(try mmadmin(["mentor", "set", "E2", "--topics", "sales", "--capacity", "1"]).status == 0)
        #expect(try mmadmin(["cohort", "create", "Autumn", "--starts", "2026-10-01", "--ends", "2026-12-31"]).status == 0)
        #expect(try mmadmin(["cohort", "enroll", "Autumn", "--mentors", "E2", "E3", "--mentees", "E4", "--on", "2026-10-01"]).status == 0)
    }

    @Test func suggestPrintsRankedMentorsWithReasons() throws {
        let result = try mmadmin(["match", "suggest", "--mentee", "di@acme.test", "--topic", "Negotiation", "--on", "2026-10-15",
                                  "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        // E2 is E4's manager: never suggested.
        #expect(result.stdout == """
            rank,mentor_id,name,department,score,reason\r
            1,E3,,Engineering,9.00,topic match: negotiation; new tie; other department; other location; more senior; 2 of 2 slots free\r

            """)
        #expect(try mmadmin(["match", "suggest", "--mentee", "E404"]).status == 65)
        #expect(try mmadmin(["match", "suggest", "--mentee", "E4", "--weight", "charm=2"]).status == 64)
        #expect(try mmadmin(["match", "suggest", "--mentee", "E4", "--cohort", "Nope"]).status == 65)
    }

    @Test func suggestForACohortNamesTheEnrolmentOfANonMember() throws {
        let result = try mmadmin(["match", "suggest", "--mentee", "E1", "--cohort", "Autumn", "--on", "2026-10-15"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("E1 is not a member of the cohort Autumn."), "\(result.stderr)")
        #expect(result.stderr.contains("mmadmin cohort enroll Autumn --mentees E1"), "\(result.stderr)")
    }

    /// `mentor list` and matching count a mentor's month the same way: an accepted proposal
    /// holds its place, and still only one once the pair's session is logged.
    @Test func mentorListAndSuggestShareTheLoadOfAMonth() throws {
        #expect(try mmadmin(["mentor", "set", "E3", "--capacity", "1"]).status == 0)
        func available() throws -> [String] {
            try mmadmin(["mentor", "list", "--available", "--month", "2026-10", "--format", "csv"]).stdout
                .split(separator: "\r\n").dropFirst().map { String($0.prefix { $0 != "," }) }
        }
        func loadOfE3() throws -> Int? {
            let listed = try mmadmin(["mentor", "list", "--month", "2026-10", "--format", "json"])
            let rows = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]
            return rows?.first { $0["employee_id"] as? String == "E3" }?["load_this_month"] as? Int
        }
        func suggestedToE2() throws -> String {
            try mmadmin(["match", "suggest", "--mentee", "E2", "--on", "2026-10-20", "--format", "csv"]).stdout
        }
        #expect(try available() == ["E2", "E3"])
        #expect(try suggestedToE2().contains("\r\n1,E3,"))

        #expect(try mmadmin(["match", "cohort", "Autumn", "--round", "2026-10-15"]).status == 0)
        #expect(try mmadmin(["match", "accept", "1"]).status == 0)
        #expect(try available() == ["E2"])
        #expect(try loadOfE3() == 1)
        #expect(try suggestedToE2() == "rank,mentor_id,name,department,score,reason\r\n")

        let logged = try mmadmin(["session", "log", "--mentor", "E3", "--mentee", "E4", "--at", "2026-10-22 10:00",
                                  "--cohort", "Autumn"])
        #expect(logged.status == 0, "\(logged.stderr)")
        #expect(try loadOfE3() == 1)
        #expect(try available() == ["E2"])
        #expect(try suggestedToE2() == "rank,mentor_id,name,department,score,reason\r\n")
    }

    @Test func listAsJSONKeepsNumbersTyped() throws {
        #expect(try mmadmin(["match", "cohort", "Autumn", "--round", "2026-10-15"]).status == 0)
        let listed = try mmadmin(["match", "list", "--format", "json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let proposal = try #require(rows.first)
        #expect(rows.count == 1)
        #expect(proposal["proposal_id"] as? Int == 1)
        #expect(proposal["score"] as? Double == 6)
        #expect(proposal["round"] as? String == "2026-10-15")
        #expect(proposal["mentee_id"] as? String == "E4")
        #expect(listed.stdout.contains("\"proposal_id\" : 1,") && listed.stdout.contains("\"score\" : 6"), "\(listed.stdout)")
    }

    @Test func cohortRoundThenListAcceptDecline() throws {
        let dry = try mmadmin(["match", "cohort", "Autumn", "--round", "2026-10-15", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.hasPrefix("Round 2026-10-15 of Autumn: 1 pair, 0 mentees not matched; dry run, nothing stored."))
        #expect(dry.stdout.contains("Quality: total score 6.00 (mean 6.00); new ties 100 %; cross-department 100 %"))
        #expect(try mmadmin(["match", "list", "--format", "csv"]).stdout.split(separator: "\r\n").count == 1)

        let stored = try mmadmin(["match", "cohort", "Autumn", "--round", "2026-10-15", "--format", "json"])
        #expect(stored.stdout.contains("\"stored\" : true"), "\(stored.stderr)")
        let listed = try mmadmin(["match", "list", "--cohort", "Autumn", "--format", "csv"])
        #expect(listed.stdout.contains("1,Autumn,2026-10-15,E4,,di@acme.test,E3,,cy@acme.test,6.00,proposed,new tie; other department"),
                "\(listed.stdout)")
        #expect(try mmadmin(["match", "accept", "1"]).stdout == "1 proposal accepted.\n")
        #expect(try mmadmin(["match", "decline", "1"]).status == 65)   // already accepted
        #expect(try mmadmin(["match", "accept", "7"]).status == 65)    // no such proposal
        #expect(try mmadmin(["match", "list", "--status", "maybe"]).status == 64)
        #expect(try mmadmin(["match", "cohort", "Nope"]).status == 65)
    }

    @Test("a round lists the mentees it left out and why")
    func roundListsWhoItLeftOut() throws {
        #expect(try mmadmin(["cohort", "enroll", "Autumn", "--mentees", "E1", "--on", "2026-10-01"]).status == 0)
        let logged = try mmadmin(["session", "log", "--mentor", "E3", "--mentee", "E1", "--at", "2026-10-05 10:00", "--cohort", "Autumn"])
        #expect(logged.status == 0, "\(logged.stderr)")
        let first = try mmadmin(["match", "cohort", "Autumn", "--round", "2026-10-15"])
        #expect(first.stdout.contains("1 pair, 0 mentees not matched, 1 left out (not waiting); stored"), "\(first.stdout)")
        #expect(first.stdout.contains("Left out (not waiting):"))
        #expect(first.stdout.split(separator: "\n").contains { $0.hasPrefix("E1 ") && $0.hasSuffix("  already had a session this month (2026-10-05)") },
                "\(first.stdout)")

        let second = try mmadmin(["match", "cohort", "Autumn", "--round", "2026-10-20", "--format", "json"])
        let round = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        let leftOut = try #require(round["left_out"] as? [[String: String]])
        #expect(leftOut == [["mentee_id": "E1", "reason": "already had a session this month (2026-10-05)"],
                            ["mentee_id": "E4", "reason": "already proposed this month (proposal 1)"]])
        let csv = try mmadmin(["match", "cohort", "Autumn", "--round", "2026-10-20", "--dry-run", "--format", "csv"]).stdout
        #expect(csv.contains("\r\nE4,,,,,already proposed this month (proposal 1)\r\n"), "\(csv)")
    }
}
