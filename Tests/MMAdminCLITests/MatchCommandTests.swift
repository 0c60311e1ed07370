import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite("Match commands")
struct MatchCommandTests {
    let conninfo: String

    init() throws {
        conninfo = try TestDatabase.create()
        let roster = """
            Employee ID,Email,Department,Job Title,Location,Manager ID,Employment Status
            E1,ann@acme.test,Exec,Chief Executive Officer,Berlin,,Active
            E2,bo@acme.test,Sales,Analyst,Berlin,E1,Active
            E3,cy@acme.test,Engineering,Senior Engineer,Madrid,E1,Active
            E4,di@acme.test,Sales,Associate,Berlin,E2,Active

            """
        #expect(try mmadmin(["import", "roster", "-", "--as-of", "2026-10-01"], input: roster).status == 0)
        #expect(try mmadmin(["mentor", "set", "E3", "--topics", "negotiation,sql", "--capacity", "2"]).status == 0)
        #expect(try mmadmin(["mentor", "set", "E2", "--topics", "sales", "--capacity", "1"]).status == 0)
        #expect(try mmadmin(["cohort", "create", "Autumn", "--starts", "2026-10-01", "--ends", "2026-12-31"]).status == 0)
        #expect(try mmadmin(["cohort", "enroll", "Autumn", "--mentors", "E2", "E3", "--mentees", "E4", "--on", "2026-10-01"]).status == 0)
    }

    @discardableResult
    func mmadmin(_ arguments: [String], input: String? = nil) throws -> CommandRunner.Result {
        try CommandRunner.run(arguments + ["--database-url", conninfo], input: input)
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

    @Test func cohortRoundThenListAcceptDecline() throws {
        let dry = try mmadmin(["match", "cohort", "Autumn", "--round", "2026-10-15", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.hasPrefix("Round 2026-10-15 of Autumn: 1 pair, 0 mentees not matched; dry run, nothing stored."))
        #expect(dry.stdout.contains("Quality: total score 6.00 (mean 6.00); new ties 100 %; cross-department 100 %"))
        #expect(try mmadmin(["match", "list", "--format", "csv"]).stdout.split(separator: "\r\n").count == 1)

        let stored = try mmadmin(["match", "cohort", "Autumn", "--round", "2026-10-15", "--format", "json"])
        #expect(stored.stdout.contains("\"stored\" : true"), "\(stored.stderr)")
        let listed = try mmadmin(["match", "list", "--cohort", "Autumn", "--format", "csv"])
        #expect(listed.stdout.contains("1,Autumn,2026-10-15,E4,E3,,6.00,proposed,new tie; other department"), "\(listed.stdout)")
        #expect(try mmadmin(["match", "accept", "1"]).stdout == "1 proposal accepted.\n")
        #expect(try mmadmin(["match", "decline", "1"]).status == 65)   // already accepted
        #expect(try mmadmin(["match", "accept", "7"]).status == 65)    // no such proposal
        #expect(try mmadmin(["match", "list", "--status", "maybe"]).status == 64)
        #expect(try mmadmin(["match", "cohort", "Nope"]).status == 65)
    }
}
