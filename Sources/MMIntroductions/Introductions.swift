import Foundation
import MMCalendar
import MMDomain
import MMStore
import PostgresClient

/// Which proposals to introduce and how: the `match intros` request.
public struct IntroductionRequest: Sendable {
    /// A cohort's name or external id; nil for every cohort.
    public var cohort: String?
    public var round: CalendarDate?
    /// `proposed` or `accepted`; nil for both (declined proposals are never introduced).
    public var status: String?
    /// When the meetings may take place; nil for the working week after each proposal's round.
    public var window: SlotWindow?
    /// The session length.
    public var minutes: Int
    public var template: IntroTemplate
    /// The sender and calendar organizer; nil for "Micromentoring program
    /// <micromentoring@DOMAIN>" with the domain of the mentee's address.
    public var organizer: Organizer?

    public init(cohort: String?, round: CalendarDate?, status: String?, window: SlotWindow?, minutes: Int,
                template: IntroTemplate, organizer: Organizer?) {
        self.cohort = cohort
        self.round = round
        self.status = status
        self.window = window
        self.minutes = minutes
        self.template = template
        self.organizer = organizer
    }
}

/// Who sends the introductions: a name (optional) and an address.
public struct Organizer: Sendable, Equatable {
    public let name: String?
    public let address: String

    /// Reads "Name <address>" or a bare address; nil when there is no plausible address (one
    /// `@`, no spaces, controls, commas, semicolons, quotes or angle brackets in it).
    public init?(_ text: String) {
        var name: String?
        var address = text.trimmingCharacters(in: .whitespaces)
        if address.hasSuffix(">"), let open = address.lastIndex(of: "<") {
            let given = address[..<open].trimmingCharacters(in: .whitespaces)
            name = given.isEmpty ? nil : given
            address = String(address[address.index(after: open)..<address.index(before: address.endIndex)])
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !address.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || ",;<>\"()[]\\".unicodeScalars.contains($0) })
        else { return nil }
        self.name = name
        self.address = address
    }

    init(name: String?, address: String) {
        self.name = name
        self.address = address
    }
}

/// The files of one `match intros` run, ready to write.
public struct IntroductionFiles: Sendable {
    /// One file: a plain name (no path, no person's name in it) and its text.
    public struct File: Sendable, Equatable {
        public let name: String
        public let text: String
    }

    /// How many pairs are introduced.
    public let pairs: Int
    /// `intros.csv`, `intros.ics`, then one `intro-<proposal>.eml` per pair.
    public let files: [File]
}

/// Turns stored proposals into what a manager sends: a CSV of the pairs, one calendar with an
/// invitation per pair, and an e-mail draft per pair. Names and addresses leave the database
/// only through these files (never through reports or `mm_metrics`).
public final class Introductions: ConnectionBound {
    /// Reads the proposals the request selects and renders their files at `clock`'s time.
    /// Throws a data error when no proposal is selected or the cohort is unknown, a usage error
    /// when the window has no room for every pair.
    public func prepare(_ request: IntroductionRequest, clock: any WallClock = SystemClock()) throws -> IntroductionFiles {
        let cohortID = try request.cohort.map { try CohortRepository(connection: connection).find($0).id }
        let statuses = request.status.map { [$0] } ?? ["proposed", "accepted"]
        let proposals = try ProposalRepository(connection: connection).list(cohortID: cohortID, round: request.round, statuses: statuses)
            .sorted { $0.proposalID < $1.proposalID }
        guard !proposals.isEmpty else {
            let scope = [request.cohort.map { "cohort \($0)" }, request.round.map { "round \($0)" }].compactMap { $0 }
            throw MMError(.dataError, "There are no \(request.status ?? "proposed or accepted") pairs to introduce"
                          + (scope.isEmpty ? "." : " (\(scope.joined(separator: ", "))).") )
        }
        let slots = try Self.slots(for: proposals, request: request)
        let now = Int(clock.secondsSinceEpoch().rounded(.down))
        let pairs = zip(proposals, slots).map { proposal, slot in
            IntroducedPair(proposal: proposal, start: slot, minutes: request.minutes,
                           organizer: request.organizer ?? Self.standardOrganizer(for: proposal))
        }
        var files = [IntroductionFiles.File(name: "intros.csv", text: Self.csv(pairs)),
                     IntroductionFiles.File(name: "intros.ics", text: Self.calendar(pairs, template: request.template, now: now))]
        files += pairs.map { IntroductionFiles.File(name: $0.draftName, text: Self.draft($0, template: request.template, now: now)) }
        return IntroductionFiles(pairs: pairs.count, files: files)
    }

    /// Slots per proposal, in their order: all planned in one window, or without one, each
    /// round's proposals in the working week after that round.
    static func slots(for proposals: [ProposalRepository.Listed], request: IntroductionRequest) throws(MMError) -> [UTCMinute] {
        func plan(_ indices: [Int], in window: SlotWindow) throws(MMError) -> [UTCMinute] {
            try SlotPlanner.plan(pairs: indices.map { (proposals[$0].menteeID, proposals[$0].mentorID) },
                                 window: window, minutes: request.minutes)
        }
        if let window = request.window { return try plan(Array(proposals.indices), in: window) }
        var result = [UTCMinute](repeating: UTCMinute(minutesSinceEpoch: 0), count: proposals.count)
        for (round, indices) in Dictionary(grouping: proposals.indices, by: { proposals[$0].round }) {
            for (index, slot) in zip(indices, try plan(indices, in: SlotWindow.weekAfter(round))) { result[index] = slot }
        }
        return result
    }

    static func standardOrganizer(for proposal: ProposalRepository.Listed) -> Organizer {
        let domain = proposal.menteeEmail.split(separator: "@").last.map(String.init) ?? "localhost"
        return Organizer(name: "Micromentoring program", address: "micromentoring@" + domain)
    }

    // MARK: - intros.csv

    static let csvColumns = ["proposal_id", "cohort", "round", "status", "mentee_id", "mentee_name", "mentee_email",
                             "mentor_id", "mentor_name", "mentor_email", "topic", "slot_start", "slot_end", "reason", "draft"]

    static func csv(_ pairs: [IntroducedPair]) -> String {
        CSVText.document(header: csvColumns, rows: pairs.map { pair in
            let proposal = pair.proposal
            return [String(proposal.proposalID), proposal.cohort, proposal.round.description, proposal.status,
                    proposal.menteeID, proposal.menteeName ?? "", proposal.menteeEmail, proposal.mentorID, proposal.mentorName ?? "",
                    proposal.mentorEmail, pair.topic, pair.start.description + "Z", pair.end.description + "Z",
                    proposal.reason, pair.draftName]
        })
    }

    // MARK: - intros.ics

    static func calendar(_ pairs: [IntroducedPair], template: IntroTemplate, now: Int) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//mmadmin//micromentoring introductions//EN",
                     "CALSCALE:GREGORIAN", "METHOD:REQUEST"]
        for pair in pairs {
            let proposal = pair.proposal
            let body = template.render(pair.values).body
            lines += [
                "BEGIN:VEVENT",
                "UID:" + pair.uid,
                "DTSTAMP:" + ICalendarText.dateTime(seconds: now),
                // Later runs carry larger numbers, so calendars take the newest file as the update.
                "SEQUENCE:" + String(max(0, now - Int(proposal.createdAt.timeIntervalSince1970.rounded(.down)))),
                "DTSTART:" + ICalendarText.dateTime(pair.start),
                "DTEND:" + ICalendarText.dateTime(pair.end),
                "SUMMARY:" + ICalendarText.text("Micromentoring: \(pair.menteeName) and \(pair.mentorName) (\(pair.topic))"),
                "DESCRIPTION:" + ICalendarText.text(body),
                "STATUS:" + (proposal.status == "accepted" ? "CONFIRMED" : "TENTATIVE"),
                "ORGANIZER" + (pair.organizer.name.map { ";CN=" + ICalendarText.quotedParameter($0) } ?? "")
                    + ":mailto:" + pair.organizer.address,
                attendee(name: proposal.menteeName, address: proposal.menteeEmail),
                attendee(name: proposal.mentorName, address: proposal.mentorEmail),
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(ICalendarText.folded).joined()
    }

    /// An ATTENDEE line: CN only for a roster name (an id is no name).
    static func attendee(name: String?, address: String) -> String {
        "ATTENDEE" + (name.map { ";CN=" + ICalendarText.quotedParameter($0) } ?? "")
            + ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:" + address
    }

    // MARK: - intro-N.eml

    static func draft(_ pair: IntroducedPair, template: IntroTemplate, now: Int) -> String {
        let proposal = pair.proposal
        let (subject, body) = template.render(pair.values)
        let domain = pair.organizer.address.split(separator: "@").last.map(String.init) ?? "localhost"
        var out = EmailText.header("From", EmailText.mailbox(name: pair.organizer.name, address: pair.organizer.address))
        // Headers name people only by their roster names (an id is no display name).
        out += EmailText.header("To", EmailText.mailbox(name: proposal.menteeName, address: proposal.menteeEmail) + ", "
                                + EmailText.mailbox(name: proposal.mentorName, address: proposal.mentorEmail))
        out += EmailText.header("Subject", EmailText.unstructured(subject))
        out += EmailText.header("Date", EmailText.date(secondsSinceEpoch: now))
        out += EmailText.header("Message-ID", "<mmadmin-intro-\(proposal.proposalID)-\(now)@\(domain)>")
        out += EmailText.header("MIME-Version", "1.0")
        out += EmailText.header("Content-Type", "text/plain; charset=utf-8")
        out += EmailText.header("Content-Transfer-Encoding", "quoted-printable")
        return out + "\r\n" + EmailText.quotedPrintable(body)
    }
}

/// A proposal with its slot and the texts every output shares.
struct IntroducedPair {
    let proposal: ProposalRepository.Listed
    let start: UTCMinute
    let end: UTCMinute
    let organizer: Organizer
    /// Names as people read them in the text: the roster's, else the employee id (the CSV, the
    /// headers and the attendees' CN show roster names only).
    let menteeName: String
    let mentorName: String
    /// "negotiation", "negotiation or sql", or "a question of their choice".
    let topic: String

    init(proposal: ProposalRepository.Listed, start: UTCMinute, minutes: Int, organizer: Organizer) {
        self.proposal = proposal
        self.start = start
        self.end = start.adding(minutes: minutes)
        self.organizer = organizer
        menteeName = proposal.menteeName ?? proposal.menteeID
        mentorName = proposal.mentorName ?? proposal.mentorID
        switch proposal.topics.count {
        case 0: topic = "a question of their choice"
        case 1: topic = proposal.topics[0]
        default: topic = proposal.topics.dropLast().joined(separator: ", ") + " or " + proposal.topics.last!
        }
    }

    /// The e-mail draft's file name: the proposal number only, never a person's name.
    var draftName: String { "intro-\(proposal.proposalID).eml" }

    /// Stable across runs, so a calendar updates the invitation instead of adding another.
    var uid: String { "mmadmin-proposal-\(proposal.proposalID)-cohort-\(proposal.cohortID)@mmadmin" }

    /// The template's placeholder values, each one line (a name cannot add lines to a draft).
    var values: [String: String] {
        let raw = [
            "mentee_name": menteeName, "mentee_email": proposal.menteeEmail, "mentor_name": mentorName,
            "mentor_email": proposal.mentorEmail, "topic": topic, "slot": Self.slotText(start, end),
            "minutes": String(end.minutesSinceEpoch - start.minutesSinceEpoch), "cohort": proposal.cohort,
            "reason": proposal.reason,
        ]
        return raw.mapValues(EmailText.singleLine)
    }

    /// "Monday 7 December 2026, 09:00–09:30 UTC".
    static func slotText(_ start: UTCMinute, _ end: UTCMinute) -> String {
        let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                      "November", "December"]
        let day = start.day
        return "\(weekdays[day.weekday]) \(day.day) \(months[day.month - 1]) \(day.year), "
            + "\(start.clock)–\(end.clock) UTC"
    }
}
