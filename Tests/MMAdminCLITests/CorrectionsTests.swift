import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite("Corrections with an audit trail")
struct CorrectionsTests: CommandLineSuite {
    let conninfo: String

    init() throws {
        conninfo = try Self.database(roster: """
            Employee ID,Email,Department,Manager ID,Hire Date,Employment Status,Termination Date
            E1,ann@acme.test,Exec,,2020-01-01,Active,
            E2,bo@acme.test,Sales,E1,2020-01-01,Active,
            E3,cy@acme.test,Engineering,E1,2020-01-01,Active,
            E4,di@acme.test,Finance,E1,2020-01-01,Active,
            E9,gone@acme.test,Sales,E1,2020-01-01,Terminated,2026-09-15

            """)
    }

    private func sql(_ query: SQLQuery) throws -> [PostgresRow] {
        try PostgresConnection(conninfo: conninfo).query(query).rows
    }

    private func value(_ query: SQLQuery) throws -> String? {
        try sql(query).first?.decode(String?.self, "v")
    }

    @Test("session update corrects people, time and status, checks them as session log does, and is audited")
    func sessionUpdate() throws {
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E2", "--at", "2026-09-03 14:00"])
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E3", "--at", "2026-09-10 14:00"])
        let corrected = try mmadmin(["session", "update", "1", "--mentee", "di@acme.test", "--topic", "budgets"])
        #expect(corrected.status == 0, "\(corrected.stderr)")
        #expect(try value("SELECT mentee_id || '/' || topic AS v FROM mm.sessions WHERE session_id = 1") == "E4/budgets")

        // Any status may follow any other: completed → cancelled.
        #expect(try mmadmin(["session", "update", "1", "--status", "cancelled"]).status == 0)
        #expect(try value("SELECT status AS v FROM mm.sessions WHERE session_id = 1") == "cancelled")

        // The checks of session log, each refused with the database unchanged.
        let duplicate = try mmadmin(["session", "update", "2", "--mentee", "E4", "--at", "2026-09-03 14:00"])
        #expect(duplicate.status == 65)
        #expect(duplicate.stderr.contains("E1 and E4 already have session 1 at that time"), "\(duplicate.stderr)")
        #expect(try mmadmin(["session", "update", "2", "--mentee", "E1"]).stderr.contains("same person"))
        let leaver = try mmadmin(["session", "update", "2", "--mentee", "E9", "--at", "2026-09-20 10:00"])
        #expect(leaver.status == 65)
        #expect(leaver.stderr.contains("E9 was not an active employee on 2026-09-20"), "\(leaver.stderr)")
        // Before leaving, the leaver was on staff; --allow-inactive accepts any day.
        #expect(try mmadmin(["session", "update", "2", "--mentee", "E9", "--at", "2026-09-01 10:00"]).status == 0)
        #expect(try mmadmin(["session", "update", "2", "--at", "2026-09-20 10:00", "--allow-inactive"]).status == 0)
        #expect(try mmadmin(["session", "update", "404", "--topic", "x"]).status == 65)
        #expect(try mmadmin(["session", "update", "2", "--mentee", "E404"]).status == 65)
        #expect(try mmadmin(["session", "update", "2"]).status == 64)
        #expect(try mmadmin(["session", "update", "2", "--minutes", "0"]).status == 64)
        #expect(try value("SELECT mentee_id || ' ' || started_at::date AS v FROM mm.sessions WHERE session_id = 2") == "E9 2026-09-20")

        // A held session cannot lie in the future.
        let future = try mmadmin(["session", "update", "2", "--at", "2099-01-01 10:00", "--allow-inactive"])
        #expect(future.status == 65)
        #expect(future.stderr.contains("starts in the future"), "\(future.stderr)")

        let audit = try mmadmin(["audit", "list", "--entity", "sessions", "--format", "csv"])
        #expect(audit.status == 0, "\(audit.stderr)")
        let lines = audit.stdout.split(whereSeparator: \.isNewline).map(String.init)
        #expect(lines.filter { $0.contains(",update,") }.count == 4, "\(audit.stdout)")
        #expect(lines.contains { $0.contains(",sessions,1,update,") && $0.contains("mentee_id: E2 → E4") && $0.contains("topic: null → budgets") })
        #expect(lines.contains { $0.contains("status: completed → cancelled") })
        // Who: the OS user and the database user, and the command.
        let osUser = try value("SELECT os_user AS v FROM mm.audit WHERE entity = 'sessions' AND action = 'update' LIMIT 1")
        #expect(osUser?.isEmpty == false)
        #expect(try value("SELECT command AS v FROM mm.audit WHERE entity = 'sessions' AND action = 'update' LIMIT 1")
                == "mmadmin session update")
        #expect(try mmadmin(["audit", "list", "--since", "2999-01-01", "--format", "csv"]).stdout
                == "audit,at,os_user,db_user,entity,key,action,import,undo_of,changes,before,after,command\r\n")
        #expect(try mmadmin(["audit", "list", "--entity", "nonsense"]).status == 64)
    }

    @Test("session complete refuses a session dated in the future (exit 65)")
    func completeFuture() throws {
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E2", "--at", "2099-03-01 10:00", "--status", "scheduled"])
        let refused = try mmadmin(["session", "complete", "1"])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("starts in the future"))
        #expect(try value("SELECT status AS v FROM mm.sessions") == "scheduled")
        #expect(try mmadmin(["session", "cancel", "1"]).status == 0)
    }

    @Test("outcome record changes only the answers given")
    func outcomeKeepsAnswers() throws {
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E2", "--at", "2026-09-03 14:00"])
        #expect(try mmadmin(["outcome", "record", "1", "--rating", "4", "--goal-met", "yes", "--note", "good", "--follow-up"]).status == 0)
        #expect(try mmadmin(["outcome", "record", "1", "--rating", "2"]).status == 0)
        #expect(try value("""
            SELECT mentee_rating || ' ' || goal_met || ' ' || follow_up || ' ' || note AS v FROM mm.outcomes
            """) == "2 true true good")
        #expect(try mmadmin(["outcome", "record", "1", "--goal-met", "no", "--no-follow-up"]).status == 0)
        #expect(try value("SELECT mentee_rating || ' ' || goal_met || ' ' || follow_up AS v FROM mm.outcomes") == "2 false false")
        #expect(try value("SELECT count(*)::text AS v FROM mm.audit WHERE entity = 'outcomes'") == "3")
    }

    @Test("cohort update renames and re-dates, warning with a count of sessions outside the new dates")
    func cohortUpdate() throws {
        #expect(try mmadmin(["cohort", "create", "Autumn", "--starts", "2026-09-01", "--ends", "2026-12-31",
                             "--description", "first"]).status == 0)
        #expect(try mmadmin(["cohort", "create", "Winter", "--starts", "2027-01-01", "--ends", "2027-03-31"]).status == 0)
        try mmadmin(["cohort", "enroll", "Autumn", "--mentors", "E1", "--mentees", "E2", "E3", "--on", "2026-09-01"])
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E2", "--at", "2026-09-03 14:00", "--cohort", "Autumn"])
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E3", "--at", "2026-09-04 14:00", "--cohort", "Autumn"])
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E3", "--at", "2026-10-04 14:00", "--cohort", "Autumn"])

        let redated = try mmadmin(["cohort", "update", "Autumn", "--name", "Autumn 2026", "--starts", "2026-10-01"])
        #expect(redated.status == 0, "\(redated.stderr)")
        #expect(redated.stderr.contains("warning: 2 sessions of Autumn 2026 fall outside 2026-10-01 to 2026-12-31"), "\(redated.stderr)")
        #expect(try value("SELECT name || ' ' || starts_on || ' ' || ends_on || ' ' || description AS v FROM mm.cohorts WHERE cohort_id = 1")
                == "Autumn 2026 2026-10-01 2026-12-31 first")
        #expect(try mmadmin(["cohort", "update", "Autumn 2026", "--description", "kept dates"]).stderr.isEmpty)
        #expect(try mmadmin(["cohort", "update", "Autumn 2026", "--name", "Winter"]).status == 65)
        #expect(try mmadmin(["cohort", "update", "Autumn 2026", "--ends", "2026-09-01"]).status == 64)
        #expect(try mmadmin(["cohort", "update", "Nope", "--ends", "2026-12-01"]).status == 65)
        #expect(try mmadmin(["cohort", "update", "Autumn 2026"]).status == 64)
        #expect(try value("SELECT name || ' ' || starts_on || ' ' || description AS v FROM mm.cohorts WHERE cohort_id = 1")
                == "Autumn 2026 2026-10-01 kept dates")
        #expect(try value("SELECT count(*)::text AS v FROM mm.audit WHERE entity = 'cohorts' AND action = 'update'") == "2")
    }

    @Test("re-importing a program file without a column keeps that column's stored values")
    func missingColumnKeepsValues() throws {
        #expect(try mmadmin(["import", "cohorts", "-"], input: """
            cohort_id,name,start_date,end_date,description
            C1,Autumn,2026-09-01,2026-12-31,Mentoring for new managers
            C2,Winter,2027-01-01,2027-03-31,Sales onboarding

            """).status == 0)
        let fixed = try mmadmin(["import", "cohorts", "-"], input: """
            cohort_id,name,start_date,end_date
            C1,Autumn,2026-09-01,2026-11-30
            C2,Winter,2027-01-01,2027-03-31

            """)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(fixed.stdout.contains("1 updated, 1 unchanged"), "\(fixed.stdout)")
        #expect(try value("SELECT string_agg(ends_on || ' ' || description, '; ' ORDER BY cohort_id) AS v FROM mm.cohorts")
                == "2026-11-30 Mentoring for new managers; 2027-03-31 Sales onboarding")
        // An empty cell in a column that is there still clears the value.
        #expect(try mmadmin(["import", "cohorts", "-"], input: "cohort_id,name,start_date,end_date,description\nC2,Winter,2027-01-01,2027-03-31,\n").status == 0)
        #expect(try value("SELECT coalesce(description, 'NULL') AS v FROM mm.cohorts WHERE external_id = 'C2'") == "NULL")

        // Sessions without topic or status columns, outcomes without the goal column.
        #expect(try mmadmin(["import", "sessions", "-"], input: """
            session_id,mentor_id,mentee_id,started_at,duration_minutes,topic,status
            S1,E1,E2,2026-09-03T14:00:00Z,30,negotiation,completed

            """).status == 0)
        #expect(try mmadmin(["import", "sessions", "-"], input: """
            session_id,mentor_id,mentee_id,started_at,duration_minutes
            S1,E1,E2,2026-09-03T14:00:00Z,45

            """).status == 0)
        #expect(try value("SELECT topic || ' ' || status || ' ' || duration_minutes AS v FROM mm.sessions") == "negotiation completed 45")
        #expect(try mmadmin(["import", "outcomes", "-"], input: "session_id,rating,goal_met\nS1,4,yes\n").status == 0)
        #expect(try mmadmin(["import", "outcomes", "-"], input: "session_id,rating\nS1,2\n").status == 0)
        #expect(try value("SELECT mentee_rating || ' ' || goal_met AS v FROM mm.outcomes") == "2 true")

        // Enrolments without the left_on and interests columns keep both.
        #expect(try mmadmin(["import", "enrollments", "-"], input: """
            cohort,employee_id,role,enrolled_on,left_on,interests
            C1,E2,mentee,2026-09-01,2026-10-15,negotiation

            """).status == 0)
        let again = try mmadmin(["import", "enrollments", "-"], input: "cohort,employee_id,role,enrolled_on\nC1,E2,mentee,2026-09-01\n")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("nothing changed") || again.stdout.contains("0 updated, 1 unchanged"), "\(again.stdout)")
        #expect(try value("SELECT left_on || ' ' || array_to_string(interests, ',') AS v FROM mm.cohort_members WHERE employee_id = 'E2'")
                == "2026-10-15 negotiation")
    }

    @Test("a session correction changes the network figures after metrics refresh")
    func correctionMovesMetrics() throws {
        // E1 meets E2 twice; the second is corrected to E3: a new tie, across departments.
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E2", "--at", "2026-09-03 14:00"])
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E2", "--at", "2026-09-10 14:00"])
        #expect(try mmadmin(["metrics", "refresh"]).status == 0)
        let ties = "SELECT new_ties || ' ' || cumulative_ties AS v FROM mm_metrics.network_monthly WHERE month = '2026-09-01'"
        #expect(try value(SQLQuery(stringLiteral: ties)) == "1 1")
        #expect(try mmadmin(["session", "update", "2", "--mentee", "E3"]).status == 0)
        #expect(try value("SELECT (dirty_from IS NOT NULL)::text AS v FROM mm.metrics_state") == "true")
        #expect(try mmadmin(["metrics", "refresh"]).status == 0)
        #expect(try value(SQLQuery(stringLiteral: ties)) == "2 2")
    }
}
