import Foundation
import MMCalendar
import MMDomain
import MMStore
import PostgresClient
import Testing
import TestSupport
@testable import MMIntroductions

/// The service over a real database: which proposals, in which order, at a fixed clock.
@Suite("Introductions from stored proposals")
struct IntroductionsDatabaseTests {
    let connection: PostgresConnection
    let fixture: RosterFixture

    init() throws {
        fixture = try RosterFixture()
        connection = fixture.connection
        try fixture.importRoster("""
            Employee ID,Email,First Name,Last Name,Department,Manager ID
            E1,ann@acme.test,Ann,Ames,Exec,
            E2,bo@acme.test,,,Sales,E1
            E3,cy@acme.test,Cy,Cole,Engineering,E1
            E4,di@acme.test,Di,Dee,Sales,E1

            """, asOf: "2026-10-01")
        let cohort = try CohortRepository(connection: connection).create(
            name: "Autumn", startsOn: RosterFixture.day("2026-10-01"), endsOn: RosterFixture.day("2026-12-31"),
            description: nil, externalID: "AUT")
        try MentorRepository(connection: connection).set(employeeID: "E1", topics: ["negotiation", "sql"], capacity: 3)
        try ProposalRepository(connection: connection).store(cohortID: cohort, round: RosterFixture.day("2026-10-15"), pairs: [
            .init(menteeID: "E2", mentorID: "E1", score: 5, reason: "new tie", topic: nil),
            .init(menteeID: "E4", mentorID: "E1", score: 6, reason: "topic match: sql", topic: "sql"),
            .init(menteeID: "E3", mentorID: "E4", score: 4, reason: "new tie", topic: nil),
        ])
    }

    func request(status: String? = nil, window: String? = "2026-12-07 09:00..2026-12-07 10:30") throws -> IntroductionRequest {
        IntroductionRequest(cohort: "AUT", round: nil, status: status, window: window.flatMap(SlotWindow.init), minutes: 30,
                            template: try .standard(), organizer: Organizer("Program Office <office@acme.test>"))
    }

    @Test("one row, event and draft per proposal, in proposal order; topics and names fall back sensibly")
    func filesPerProposal() throws {
        let clock = FixedClock(secondsSinceEpoch: 1_796_277_553)   // 2026-12-03 05:59:13 UTC
        let prepared = try Introductions(connection: connection).prepare(request(), clock: clock)
        #expect(prepared.pairs == 3)
        #expect(prepared.files.map(\.name) == ["intros.csv", "intros.ics", "intro-1.eml", "intro-2.eml", "intro-3.eml"])
        let csv = prepared.files[0].text.components(separatedBy: "\r\n")
        #expect(csv[1].hasPrefix("1,Autumn,2026-10-15,proposed,E2,,bo@acme.test,E1,Ann Ames,ann@acme.test,negotiation or sql,"
                                 + "2026-12-07 09:00Z,2026-12-07 09:30Z,new tie,intro-1.eml"), "\(csv[1])")
        #expect(csv[2].contains(",sql,2026-12-07 09:30Z,2026-12-07 10:00Z,"), "E1 is busy at 09:00: \(csv[2])")
        #expect(csv[3].contains(",a question of their choice,2026-12-07 10:00Z,"), "\(csv[3])")
        let ics = prepared.files[1].text
        #expect(ics.contains("DTSTAMP:20261203T055913Z\r\n"))
        #expect(ics.contains("UID:mmadmin-proposal-1-cohort-1@mmadmin\r\n"))
        #expect(ics.contains("ORGANIZER;CN=\"Program Office\":mailto:office@acme.test\r\n"))
        #expect(ics.replacingOccurrences(of: "\r\n ", with: "")
            .contains("\r\nATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:bo@acme.test\r\n"))
        let draft = prepared.files[2].text
        // No name in the roster: the bare address in headers, the employee id in the text.
        #expect(draft.hasPrefix("From: Program Office <office@acme.test>\r\nTo: <bo@acme.test>, Ann Ames <ann@acme.test>\r\n"), "\(draft)")
        #expect(draft.contains("\r\nSubject: Micromentoring introduction: E2 and Ann Ames\r\n"))
        #expect(draft.contains("\r\nDate: Thu, 03 Dec 2026 05:59:13 +0000\r\n"))
        #expect(draft.contains("\r\nMessage-ID: <mmadmin-intro-1-1796277553@acme.test>\r\n"))
    }

    @Test("a status narrows; a window too small for one person's two meetings is refused")
    func narrowingAndRoom() throws {
        try ProposalRepository(connection: connection).decide([2], accept: true)
        let accepted = try Introductions(connection: connection).prepare(request(status: "accepted"))
        #expect(accepted.pairs == 1)
        #expect(accepted.files[1].text.contains("STATUS:CONFIRMED\r\n"))
        do {
            _ = try Introductions(connection: connection).prepare(request(window: "2026-12-07 09:00..2026-12-07 09:30"))
            Issue.record("two meetings of E1 fit in one slot")
        } catch let error as MMError {
            #expect(error.category == .usage)
            #expect(error.message.hasSuffix("has 1 slot of 30 minutes, too few for 3 introductions without double-booking someone."),
                    "\(error.message)")
        }
        // Without a window: the working week after the round (Thursday 2026-10-15 → Monday 19th).
        let weekAfter = try Introductions(connection: connection).prepare(request(window: nil))
        #expect(weekAfter.files[0].text.contains(",2026-10-19 09:00Z,2026-10-19 09:30Z,"))
    }
}
