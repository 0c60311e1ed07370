import Foundation
import PostgresClient
import Testing
import TestSupport

/// `topic alias`, `cohort enroll --topics`, `mentor list --sort load` and `outcome list`.
@Suite("Guidance commands")
struct GuidanceCommandTests: CommandLineSuite {
    let conninfo: String

    init() throws {
        conninfo = try Self.database(roster: """
            Employee ID,Email,First Name,Last Name,Department,Employment Status
            E1,ann@acme.test,Ann,Lee,Exec,Active
            E2,bo@acme.test,Bo,Ng,Sales,Active
            E3,cy@acme.test,Cy,Ho,Engineering,Active
            E4,di@acme.test,Di,Oz,Engineering,Active

            """)
    }

    @Test("topic alias: add, list, refuse a chain, remove")
    func aliases() throws {
        let added = try mmadmin(["topic", "alias", "k8s", "Kubernetes"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try mmadmin(["topic", "alias", "add", "kube", "Kubernetes"]).status == 0)
        #expect(try mmadmin(["topic", "alias", "list", "--format", "csv"]).stdout == "alias,topic\r\nk8s,Kubernetes\r\nkube,Kubernetes\r\n")
        #expect(try mmadmin(["topic", "alias", "x", "K8S"]).status == 65)  // K8S is an alias itself
        #expect(try mmadmin(["topic", "alias", "Kubernetes ", " kubernetes"]).status == 64)  // the same topic
        #expect(try mmadmin(["topic", "alias", "remove", " KUBE"]).stdout.contains("Removed"))
        #expect(try mmadmin(["topic", "alias", "remove", "kube"]).status == 65)
    }

    @Test("cohort enroll --topics records the mentees' interests; mentor list --sort load flags over capacity and idle")
    func interestsAndLoad() throws {
        #expect(try mmadmin(["cohort", "create", "Autumn", "--starts", "2026-10-01", "--ends", "2026-12-31"]).status == 0)
        #expect(try mmadmin(["cohort", "enroll", "Autumn", "--mentors", "E1", "--topics", "sql"]).status == 64)
        let enrolled = try mmadmin(["cohort", "enroll", "Autumn", "--mentees", "E2", "--topics", "SQL; Public  speaking",
                                    "--on", "2026-10-01"])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        let connection = try PostgresConnection(conninfo: conninfo)
        #expect(try connection.query("SELECT interests FROM mm.cohort_members WHERE employee_id = 'E2'")
            .first!.decode([String].self, "interests") == ["SQL", "Public  speaking"])
        #expect(try mmadmin(["mentor", "set", "E1", "--topics", "sql", "--capacity", "1"]).status == 0)
        #expect(try mmadmin(["mentor", "set", "E3", "--topics", "sql", "--capacity", "3"]).status == 0)
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E2", "--at", "2026-11-03 14:00"])
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E4", "--at", "2026-11-04 14:00"])
        let listed = try mmadmin(["mentor", "list", "--month", "2026-11", "--sort", "load", "--topic", " SQL", "--format", "csv"])
        let lines = listed.stdout.split(separator: "\r\n")
        #expect(lines.count == 3, "\(listed.stdout)")
        #expect(lines.dropFirst().first?.hasPrefix("E1,Ann Lee,") == true)
        #expect(lines.dropFirst().first?.hasSuffix(",OVER CAPACITY") == true)
        #expect(lines.last?.hasSuffix(",IDLE") == true)
    }

    @Test("outcome list: names, notes only with --with-notes, follow-ups only with --follow-up, JSON typed")
    func outcomes() throws {
        try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E2", "--at", "2026-11-03 14:00"])
        try mmadmin(["session", "log", "--mentor", "E3", "--mentee", "E4", "--at", "2026-10-03 14:00"])
        #expect(try mmadmin(["outcome", "record", "1", "--rating", "4", "--note", "=SUM(A1) was useful"]).status == 0)
        let recorded = try mmadmin(["outcome", "record", "2", "--rating", "2", "--follow-up"])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let plain = try mmadmin(["outcome", "list", "--format", "csv"])
        #expect(plain.stdout.hasPrefix("session,external_id,started_at,cohort,format,topic,mentor_id,mentor,mentee_id,mentee,"
                                       + "mentee_rating,mentor_rating,goal_met,follow_up\r\n"))
        #expect(plain.stdout.contains("Ann Lee"))
        #expect(!plain.stdout.contains("useful"))
        let notes = try mmadmin(["outcome", "list", "--with-notes", "--month", "2026-11", "--format", "csv"])
        #expect(notes.stdout.contains(",'=SUM(A1) was useful"))
        #expect(!notes.stdout.contains("Cy Ho"))
        let followUps = try mmadmin(["outcome", "list", "--follow-up", "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(followUps.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.count == 1)
        #expect(rows?.first?["mentee_rating"] as? Int == 2)
        #expect(rows?.first?["follow_up"] as? Bool == true)
    }
}
