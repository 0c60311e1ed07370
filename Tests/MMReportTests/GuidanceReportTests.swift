import MMCalendar
import Foundation
import MMReport
import MMStore
import Testing

/// "Where guidance is needed" in every format: the same figures, hidden cells as "<k" in tables,
/// null in JSON and left out of the long CSV; names escaped like every other text.
@Suite("Report section: where guidance is needed")
struct GuidanceReportTests {
    static func report() -> ProgramReport {
        let month = ReportTests.month
        let base = ReportTests.data()
        let guidance = ReportData.Guidance(
            topics: [.init(topic: "Kubernetes <b>", sessions: 0, waitingMentees: 12, offeringMentors: 0, availableMentors: 0,
                           freeCapacity: 0, demandPerAvailableMentor: nil),
                     .init(topic: "leadership", sessions: 30, waitingMentees: 8, offeringMentors: 9, availableMentors: 4,
                           freeCapacity: 7, demandPerAvailableMentor: 2),
                     .init(topic: "sql", sessions: 9, waitingMentees: nil, offeringMentors: 6, availableMentors: 6,
                           freeCapacity: 10, demandPerAvailableMentor: nil),
                     .init(topic: "swift", sessions: 12, waitingMentees: 0, offeringMentors: 6, availableMentors: 6,
                           freeCapacity: 10, demandPerAvailableMentor: 0)],
            load: ["mentors": 40, "idle_mentors": nil, "under_capacity_mentors": 20, "at_capacity_mentors": 10,
                   "over_capacity_mentors": nil, "busiest_mentors": 4, "busiest_session_share": nil],
            formats: [.init(format: "coffee_chat", sessions: 60, participants: 90, averageRating: 4.25, ratedSessions: 40,
                            averageMentorRating: 3.9, mentorRatedSessions: 30, goalMetRate: 0.75, followUps: 6),
                      .init(format: "qa", sessions: 3, participants: 6, averageRating: nil, ratedSessions: nil,
                            averageMentorRating: nil, mentorRatedSessions: 0, goalMetRate: nil, followUps: 1)],
            ratings: (1...5).map { .init(side: "mentee", rating: $0, sessions: $0 == 1 ? nil : $0 * 10) }
                + (1...5).map { .init(side: "mentor", rating: $0, sessions: 0) },
            timeToFirstSession: ["first_sessions": 25, "median_days_to_first_session": 12.5, "waiting_mentees": 30,
                                 "waiting_over_30_days": 7])
        return ProgramReport(data: ReportData(start: month, participation: base.participation, network: base.network,
                                              cohorts: base.cohorts, smallGroupThreshold: 5, guidance: guidance))
    }

    @Test("Markdown and HTML: the tables, unmet demand first, <k for hidden cells, names escaped")
    func tables() {
        let markdown = Self.report().render(.markdown)
        #expect(markdown.contains("## Where guidance is needed"))
        #expect(markdown.contains("| Kubernetes \\<b\\> | 12 | 0 | 0 | no free mentor | 0 |"))
        #expect(markdown.contains("| leadership | 8 | 4 | 7 | 2.0 | 30 |"))
        #expect(markdown.contains("| sql | <5 | 6 | 10 | <5 | 9 |"))
        #expect(!markdown.contains("| swift |"))  // nobody waiting
        #expect(markdown.contains("| Idle (no sessions) | <5 |"))
        #expect(markdown.contains("| Share of sessions given by the busiest 10 % (4) | <5 |"))
        #expect(markdown.contains("| coffee chat | 60 | 90 | 4.2 | 3.9 | 75 % | 6 |"))
        #expect(markdown.contains("| qa | 3 | 6 | <5 | – | <5 | 1 |"))
        #expect(markdown.contains("| Mentees | <5 | 20 | 30 | 40 | 50 |"))
        #expect(markdown.contains("| Median days from enrolment to first session | 12 |"))
        let html = Self.report().render(.html)
        #expect(html.contains("<h2>Where guidance is needed</h2>"))
        #expect(html.contains("<td>Kubernetes &lt;b&gt;</td>"))
        #expect(html.contains("<td>&lt;5</td>"))
    }

    @Test("JSON: the key guidance with typed figures and null for hidden ones")
    func json() throws {
        let object = try JSONSerialization.jsonObject(with: Data(Self.report().render(.json).utf8)) as? [String: Any]
        let guidance = try #require(object?["guidance"] as? [String: Any])
        #expect(guidance.keys.sorted() == ["formats", "mentor_load", "ratings", "time_to_first_session", "topics"])
        let topics = try #require(guidance["topics"] as? [[String: Any]])
        #expect(topics.first?["topic"] as? String == "Kubernetes <b>")
        #expect(topics.first?["waiting_mentees"] as? Int == 12)
        #expect(topics[2]["waiting_mentees"] is NSNull)
        let load = try #require(guidance["mentor_load"] as? [String: Any])
        #expect(load["idle_mentors"] is NSNull)
        #expect(load["under_capacity_mentors"] as? Double == 20)
        #expect((guidance["ratings"] as? [[String: Any]])?.count == 10)
    }

    @Test("CSV: long rows guidance.*, hidden figures left out, names defused")
    func csv() {
        let csv = Self.report().render(.csv)
        #expect(csv.contains("2026-10,guidance.topic[Kubernetes <b>].waiting_mentees,12\r\n"))
        #expect(!csv.contains("guidance.topic[sql].waiting_mentees"))
        #expect(csv.contains("2026-10,guidance.mentor_load.under_capacity_mentors,20\r\n"))
        #expect(!csv.contains("guidance.mentor_load.idle_mentors"))
        #expect(csv.contains("2026-10,guidance.format[coffee_chat].goal_met_rate,0.75\r\n"))
        #expect(csv.contains("2026-10,guidance.rating[mentee][5].sessions,50\r\n"))
        #expect(csv.contains("2026-10,guidance.time_to_first_session.median_days_to_first_session,12.5\r\n"))
    }
}
