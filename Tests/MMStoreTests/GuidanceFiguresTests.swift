import Foundation
import MMDomain
import MMImport
import MMStore
import PostgresClient
import Testing
import TestSupport

/// The figures of "where guidance is needed" (sql/definitions/070–100) on an organisation whose
/// demand and supply are known by construction, k = 3; and, per new table, an attack as an
/// analyst with mm_reporting's rights: the small cell and what could be subtracted to find it
/// are hidden by the one rule (mm.hidden_cells).
///
/// July 2026, 21 active mentors (capacity 2 each) and one paused one (M22):
///   M01–M03  "Leadership", 3 coffee chats each with E01–E09: over capacity
///   M04–M06  "k8s" (an alias of Kubernetes), 2 video sessions each with E10–E15: at capacity;
///            M04's capacity was 5 until 10 July, 2 since, 7 from today (the import): 2 in July
///   M07–M09  "sql", one session each (M07's scheduled, with E16; M08–M09 calls with E17, E18;
///            and a cancelled call of M09 with E17): under capacity
///   M10–M12  "leadership", M13–M21 "sql": idle
/// Mentees enrolled in cohort C: E01–E03 (1 June, "leadership", first sessions on 2, 5 and 11
/// July: 31, 34, 40 days), E19–E21 (1 June, "Leadership, kubernetes", no session), E22 (10 July,
/// "K8S"), E23 (1 July, "sql", left on 20 July).
/// August: M01–M03 give 3 sessions each, M04–M21 one each (27 sessions; no topic).
@Suite("Where guidance is needed: figures on hand-built data")
struct GuidanceFiguresTests {
    let fixture: ProgramFixture

    init() throws {
        fixture = try ProgramFixture.empty()
        try fixture.connection.execute("UPDATE mm.settings SET value = '3' WHERE key = 'small_group_threshold'")
        var roster = "Employee ID,Email,Department,Location,Hire Date,Employment Status,Termination Date\n"
        for id in (1...22).map({ String(format: "M%02d", $0) }) + (1...30).map({ String(format: "E%02d", $0) }) {
            roster += "\(id),\(id.lowercased())@x.test,D,L,2020-01-01,Active,\n"
        }
        try fixture.roster.importRoster(roster, asOf: "2026-01-01")
        var mentors = "employee_id,topics,monthly_capacity,active\n"
        for i in 1...22 {
            let topics = switch i {
            case 1...3: "Leadership"
            case 4...6: "k8s"
            case 10...12: "leadership"
            default: "sql"
            }
            mentors += String(format: "M%02d", i) + ",\(topics),\(i == 4 ? 7 : 2),\(i == 22 ? "no" : "yes")\n"
        }
        try fixture.run(.mentors, mentors)
        // M04's earlier profiles (the import above recorded today's).
        try fixture.connection.execute("""
            INSERT INTO mm.mentor_profile_history (employee_id, valid_from, topics, monthly_capacity, active)
            VALUES ('M04', '2026-01-01', '{k8s}', 5, true), ('M04', '2026-07-10', '{k8s}', 2, true)
            """)
        try TopicRepository(connection: fixture.connection).addAlias("k8s", for: "Kubernetes")
        try fixture.run(.cohorts, "cohort_id,cohort_name,start_date,end_date\nC,Cohort C,2026-01-01,2026-12-31\n")
        try fixture.run(.enrollments, """
            cohort,employee_id,role,enrolled_on,left_on,interests
            C,E01,mentee,2026-06-01,,leadership
            C,E02,mentee,2026-06-01,,leadership
            C,E03,mentee,2026-06-01,,leadership
            C,E19,mentee,2026-06-01,,"Leadership, kubernetes"
            C,E20,mentee,2026-06-01,,"Leadership, kubernetes"
            C,E21,mentee,2026-06-01,,"Leadership, kubernetes"
            C,E22,mentee,2026-07-10,,K8S
            C,E23,mentee,2026-07-01,2026-07-20,sql
            """)
        var sessions = "session_id,mentor_employee_id,mentee_employee_id,started_at,duration_minutes,format,topic,status\n"
        let leadership = ["leadership", " Leadership", "LEADERSHIP  "]
        let firstDays = [2, 5, 11]
        for m in 0..<3 {
            for e in 0..<3 {
                let mentee = m * 3 + e + 1
                let day = m == 0 ? firstDays[e] : 12 + mentee
                sessions += String(format: "L%d,M%02d,E%02d,2026-07-%02dT10:00:00Z,30,coffee_chat,%@,completed\n",
                                   mentee, m + 1, mentee, day, leadership[e])
            }
        }
        for m in 0..<3 {
            for e in 0..<2 {
                let mentee = 10 + m * 2 + e
                sessions += String(format: "K%d,M%02d,E%02d,2026-07-%02dT11:00:00Z,20,video,%@,completed\n",
                                   mentee, m + 4, mentee, 3 + mentee, e == 0 ? "k8s" : "Kubernetes")
            }
        }
        sessions += "Q1,M07,E16,2026-07-28T10:00:00Z,15,call,sql,scheduled\n"
        sessions += "Q2,M08,E17,2026-07-15T10:00:00Z,15,call,sql,completed\n"
        sessions += "Q3,M09,E18,2026-07-16T10:00:00Z,15,call,SQL,completed\n"
        sessions += "Q4,M09,E17,2026-07-20T10:00:00Z,15,call,sql,cancelled\n"
        var n = 0
        for m in 1...21 {
            for _ in 0..<(m <= 3 ? 3 : 1) {
                n += 1
                sessions += String(format: "A%d,M%02d,E%02d,2026-08-%02dT10:00:00Z,30,qa,,completed\n", n, m, 24 + n % 7, 1 + n % 28)
            }
        }
        try fixture.run(.sessions, sessions)
        var outcomes = "session_id,mentee_rating,mentor_rating,goal_met,follow_up\n"
        for mentee in 1...9 {
            let rating = mentee <= 3 ? 5 : (mentee <= 6 ? 4 : 3)
            outcomes += "L\(mentee),\(rating),4,\(mentee <= 6 ? "yes" : "no"),\(mentee == 1 || mentee == 4 ? "yes" : "no")\n"
        }
        for mentee in 10...15 { outcomes += "K\(mentee),2,,,\n" }
        outcomes += "Q2,5,,,\nQ3,5,,,\n"
        try fixture.run(.outcomes, outcomes)
    }

    /// The named columns of the rows of a query, as numbers (nil for NULL), keyed by `key`.
    func rows(_ sql: SQLQuery, key: String) throws -> [String: [String: Double?]] {
        let result = try fixture.connection.query(sql)
        var rows: [String: [String: Double?]] = [:]
        for row in result.rows {
            var values: [String: Double?] = [:]
            for column in result.columns.map(\.name) where !["month", key].contains(column) {
                values[column] = try row.decode(Double?.self, column)
            }
            rows[try row.decode(String.self, key)] = values
        }
        return rows
    }

    func row(_ sql: SQLQuery) throws -> [String: Double?] {
        try rows(sql, key: "month")
            .values.first ?? [:]
    }

    func load(_ month: String) throws -> [String: Double?] {
        try rows("SELECT month::text AS m, * FROM mm_metrics.mentor_load_monthly WHERE month = \(month)::date", key: "m")[month] ?? [:]
    }

    @Test("mentor load in July: bands with the capacity in force that month; concentration hidden (one busiest mentor)")
    func mentorLoadJuly() throws {
        #expect(try load("2026-07-01") == [
            "mentors": 21, "idle_mentors": 12, "under_capacity_mentors": 3, "at_capacity_mentors": 3,
            "over_capacity_mentors": 3, "total_capacity": 42, "total_load": 18, "busiest_mentors": 1,
            "busiest_session_share": nil,
        ])
    }

    @Test("mentor load in August: the busiest 10 % (3 of 21) gave a third of the sessions")
    func mentorLoadAugust() throws {
        #expect(try load("2026-08-01") == [
            "mentors": 21, "idle_mentors": 0, "under_capacity_mentors": 18, "at_capacity_mentors": 0,
            "over_capacity_mentors": 3, "total_capacity": 42, "total_load": 27, "busiest_mentors": 3,
            "busiest_session_share": 1.0 / 3.0,
        ])
    }

    @Test("a profile change is kept: the months before it keep the earlier capacity")
    func capacityHistory() throws {
        try MentorRepository(connection: fixture.connection).set(employeeID: "M10", topics: nil, capacity: 9)
        let stored = try fixture.connection.query("""
            SELECT monthly_capacity FROM mm.mentor_profile_history WHERE employee_id = 'M10' ORDER BY valid_from
            """).rows.map { try $0.decode(Int.self, "monthly_capacity") }
        #expect(stored == [9])  // the same day: today's profile replaced
        #expect(try load("2026-07-01")["total_capacity"] == 42 + 7)  // before its first change, the earliest applies
        try fixture.connection.execute("""
            INSERT INTO mm.mentor_profile_history (employee_id, valid_from, topics, monthly_capacity, active)
            VALUES ('M10', '2026-01-01', '{leadership}', 2, true)
            """)
        #expect(try load("2026-07-01")["total_capacity"] == 42)
    }

    @Test("topic demand in July: spellings and aliases merged, waiting mentees, free capacity, demand per available mentor")
    func topicDemand() throws {
        let july = try rows("SELECT * FROM mm_metrics.topic_demand_monthly WHERE month = '2026-07-01'", key: "topic")
        #expect(july == [
            "Kubernetes": ["sessions": 6, "mentees": 6, "waiting_mentees": 4, "offering_mentors": 3, "available_mentors": 0,
                           "free_capacity": 0, "demand_per_available_mentor": nil],
            "leadership": ["sessions": 9, "mentees": 9, "waiting_mentees": 3, "offering_mentors": 6, "available_mentors": 3,
                           "free_capacity": 6, "demand_per_available_mentor": 1],
            "sql": ["sessions": 2, "mentees": 2, "waiting_mentees": 0, "offering_mentors": 12, "available_mentors": 12,
                    "free_capacity": 21, "demand_per_available_mentor": 0],
        ])
        // The range function reads the same figures.
        let between = try rows("SELECT * FROM mm_metrics.topic_demand_between('2026-07-01', '2026-07-01')", key: "topic")
        #expect(between == july)
    }

    @Test("formats in July: participation, ratings of both sides, goals, follow-ups; video's feedback hidden with call's")
    func formats() throws {
        let july = try rows("SELECT * FROM mm_metrics.format_feedback_monthly WHERE month = '2026-07-01'", key: "format")
        #expect(july["coffee_chat"] == [
            "sessions": 9, "completion_rate": 1, "mentoring_minutes": 270, "active_mentees": 9, "active_mentors": 3,
            "active_participants": 12, "avg_rating": 4, "rated_sessions": 9, "avg_mentor_rating": 4,
            "mentor_rated_sessions": 9, "goal_met_rate": 6.0 / 9.0, "follow_ups": 2,
        ])
        // Two mentees rated the calls: hidden, and video's six raters with them (two hidden cells).
        #expect(july["call"] == [
            "sessions": 2, "completion_rate": 2.0 / 3.0, "mentoring_minutes": 30, "active_mentees": 2, "active_mentors": 2,
            "active_participants": 4, "avg_rating": nil, "rated_sessions": nil, "avg_mentor_rating": nil,
            "mentor_rated_sessions": 0, "goal_met_rate": nil, "follow_ups": 0,
        ])
        #expect(july["video"] == [
            "sessions": 6, "completion_rate": 1, "mentoring_minutes": 120, "active_mentees": 6, "active_mentors": 3,
            "active_participants": 9, "avg_rating": nil, "rated_sessions": nil, "avg_mentor_rating": nil,
            "mentor_rated_sessions": 0, "goal_met_rate": nil, "follow_ups": 0,
        ])
    }

    @Test("rating distribution in July, both sides")
    func ratings() throws {
        let result = try fixture.connection.query("""
            SELECT side, rating, sessions, raters FROM mm_metrics.rating_distribution_monthly
            WHERE month = '2026-07-01' ORDER BY side, rating
            """)
        let shown = try result.rows.map { "\(try $0.decode(String.self, "side")) \(try $0.decode(Int.self, "rating")): "
            + "\(try $0.decode(Int?.self, "sessions").map(String.init) ?? "-")/\(try $0.decode(Int?.self, "raters").map(String.init) ?? "-")" }
        #expect(shown == ["mentee 1: 0/0", "mentee 2: 6/6", "mentee 3: 3/3", "mentee 4: 3/3", "mentee 5: 5/5",
                          "mentor 1: 0/0", "mentor 2: 0/0", "mentor 3: 0/0", "mentor 4: 9/3", "mentor 5: 0/0"])
    }

    @Test("time to first session in July: median of 31, 34 and 40 days; four waiting, three of them over 30 days")
    func timeToFirstSession() throws {
        #expect(try rows("SELECT month::text AS m, * FROM mm_metrics.time_to_first_session_monthly", key: "m") == [
            "2026-07-01": ["first_sessions": 3, "median_days_to_first_session": 34, "waiting_mentees": 4, "waiting_over_30_days": 3],
            "2026-08-01": ["first_sessions": 0, "median_days_to_first_session": nil, "waiting_mentees": 4, "waiting_over_30_days": 4],
            "2026-09-01": ["first_sessions": 0, "median_days_to_first_session": nil, "waiting_mentees": 4, "waiting_over_30_days": 4],
            "2026-10-01": ["first_sessions": 0, "median_days_to_first_session": nil, "waiting_mentees": 4, "waiting_over_30_days": 4],
            "2026-11-01": ["first_sessions": 0, "median_days_to_first_session": nil, "waiting_mentees": 4, "waiting_over_30_days": 4],
        ])
    }

    @Test("mentor list --sort load: the load band of each mentor with the capacity in force that month")
    func mentorListBands() throws {
        let listed = try MentorRepository(connection: fixture.connection).list(
            topic: "LEADERSHIP", availableOnly: false, month: RosterFixture.day("2026-07-01"), sortByLoad: true)
        #expect(listed.map(\.employeeID) == ["M01", "M02", "M03", "M10", "M11", "M12"])
        #expect(listed.map(\.band) == [.over, .over, .over, .idle, .idle, .idle])
        let k8s = try MentorRepository(connection: fixture.connection).list(
            topic: "kubernetes", availableOnly: false, month: RosterFixture.day("2026-07-01"), sortByLoad: true)
        #expect(k8s.map(\.employeeID) == ["M04", "M05", "M06"])
        #expect(k8s.map(\.monthlyCapacity) == [2, 2, 2])
        #expect(k8s.map(\.band) == [.at, .at, .at])
    }

    // MARK: attacks, as mm_reporting

    func asReporting<T>(_ body: () throws -> T) throws -> T {
        try fixture.connection.execute("SET ROLE mm_reporting")
        defer { _ = try? fixture.connection.execute("RESET ROLE") }
        return try body()
    }

    @Test("attack on topic demand: one mentee waiting for a topic is hidden, and so is the next smallest topic")
    func attackTopicDemand() throws {
        try fixture.run(.enrollments, "cohort,employee_id,role,enrolled_on,interests\nC,E24,mentee,2026-06-01,public speaking\n")
        let july = try asReporting {
            try rows("SELECT * FROM mm_metrics.topic_demand_between('2026-07-01', '2026-07-31')", key: "topic")
        }
        #expect(july["public speaking"]?["waiting_mentees"] == .some(nil))
        #expect(july["leadership"]?["waiting_mentees"] == .some(nil))
        #expect(july["leadership"]?["demand_per_available_mentor"] == .some(nil))
        #expect(july["Kubernetes"]?["waiting_mentees"] == 4)
        // The naive table would show 1: every shown figure about waiting is unchanged or hidden.
        #expect(july.values.compactMap { $0["waiting_mentees"] ?? nil }.allSatisfy { $0 == 0 || $0 >= 3 })
    }

    @Test("attack on mentor load: with k = 4 the three bands of three mentors are hidden together")
    func attackMentorLoad() throws {
        try fixture.connection.execute("UPDATE mm.settings SET value = '4' WHERE key = 'small_group_threshold'")
        let (july, august) = try asReporting { (try load("2026-07-01"), try load("2026-08-01")) }
        #expect(july["idle_mentors"] == 12 && july["mentors"] == 21)
        #expect(july["under_capacity_mentors"] == .some(nil) && july["at_capacity_mentors"] == .some(nil)
                && july["over_capacity_mentors"] == .some(nil))
        // August: the 3 over capacity are small; subtracting from the total must not give them.
        #expect(august["over_capacity_mentors"] == .some(nil) && august["under_capacity_mentors"] == .some(nil))
        #expect(august["busiest_session_share"] == .some(nil))
    }

    @Test("attack on formats: the overall rated sessions minus the shown formats is a sum over two hidden formats")
    func attackFormats() throws {
        let (formats, total) = try asReporting {
            (try rows("SELECT * FROM mm_metrics.format_feedback_between('2026-07-01', '2026-07-01')", key: "format"),
             try fixture.connection.query("SELECT rated_sessions FROM mm_metrics.participation_between('2026-07-01', '2026-07-01')")
                .first!.decode(Int.self, "rated_sessions"))
        }
        #expect(total == 17)
        let hidden = formats.filter { ($0.value["rated_sessions"] ?? nil) == nil && ($0.value["active_participants"] ?? 0) ?? 0 > 0 }
        #expect(Set(hidden.keys) == ["call", "video"])
    }

    @Test("attack on the rating distribution: a rating given by one mentor is hidden with the next smallest")
    func attackRatings() throws {
        try fixture.run(.outcomes, "session_id,mentor_rating\nQ2,1\n")
        let mentor = try asReporting {
            try fixture.connection.query("""
                SELECT rating, sessions FROM mm_metrics.rating_distribution_between('2026-07-01', '2026-07-01')
                WHERE side = 'mentor' ORDER BY rating
                """).rows.map { try $0.decode(Int?.self, "sessions") }
        }
        #expect(mentor == [nil, 0, 0, nil, 0])
    }

    @Test("attack on time to first session: a median of fewer than k mentees is hidden")
    func attackMedian() throws {
        try fixture.connection.execute("UPDATE mm.settings SET value = '4' WHERE key = 'small_group_threshold'")
        let july = try asReporting {
            try rows("SELECT month::text AS m, * FROM mm_metrics.time_to_first_session_between('2026-07-01', '2026-07-01')", key: "m")
        }
        #expect(july["2026-07-01"]?["median_days_to_first_session"] == .some(nil))
        #expect(july["2026-07-01"]?["first_sessions"] == 3)
    }
}
