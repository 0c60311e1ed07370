import MMCalendar
import ArgumentParser
import Foundation
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram
import PostgresClient

/// `mmadmin session …`.
struct SessionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session",
        abstract: "Log sessions, list them, correct them, and move scheduled ones on.",
        subcommands: [SessionLog.self, SessionList.self, SessionUpdate.self, SessionComplete.self, SessionCancel.self,
                      SessionNoShow.self])
}

enum SessionStatusArgument: String, ExpressibleByArgument, CaseIterable {
    case scheduled, completed, cancelled
    case noShow = "no_show"
}

struct SessionLog: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Record one session.",
        discussion: """
            People are given by employee id or e-mail. --at takes "YYYY-MM-DD HH:MM" (UTC unless an offset \
            such as +01:00 or Z follows). Both people must have been on staff on the session's day (UTC): \
            someone who has left since can be logged for a day they were still employed; --allow-inactive \
            accepts any day (back-filling history); with --cohort, both must be members and the session \
            must fall within the cohort's dates.
            """)
    @Option(help: "The mentor's employee id or e-mail.") var mentor: String
    @Option(help: "The mentee's employee id or e-mail.") var mentee: String
    @Option(help: ArgumentHelp("When it starts.", valueName: "YYYY-MM-DD HH:MM")) var at: String
    @Option(help: "How long, 1 to 480 minutes.") var minutes: Int = 30
    @Option(help: "coffee_chat, call, video, qa, walk, chat, in_person or other.") var format: String = "coffee_chat"
    @Option(help: "What it is about.") var topic: String?
    @Option(help: "The cohort's name or external id.") var cohort: String?
    @Option(help: "scheduled, completed, cancelled or no_show.") var status: SessionStatusArgument = .completed
    @Flag(help: "Accept people who were not on staff on the session's day.") var allowInactive = false
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        try SessionArguments.validate(at: at, minutes: minutes, format: format)
    }

    func run() throws {
        let id = try SessionLogger(connection: connection.connect()).log(.init(
            mentor: mentor, mentee: mentee, startedAt: SessionTime.parse(at)!, minutes: minutes, format: format,
            topic: topic, cohort: cohort, status: status.rawValue, allowInactive: allowInactive))
        print("Logged session #\(id) (\(status.rawValue)).")
    }
}

/// The checks of session values typed on the command line, shared by `log` and `update`.
enum SessionArguments {
    static let formats = ["coffee_chat", "call", "video", "qa", "walk", "chat", "in_person", "other"]

    static func validate(at: String?, minutes: Int?, format: String?) throws {
        if let at, SessionTime.parse(at) == nil {
            throw ValidationError("--at takes \"YYYY-MM-DD HH:MM\", optionally with seconds and an offset, not \"\(at)\".")
        }
        if let minutes, !(1...480).contains(minutes) { throw ValidationError("--minutes takes 1 to 480.") }
        if let format, !formats.contains(format) {
            throw ValidationError("--format takes one of \(formats.joined(separator: ", ")).")
        }
    }
}

struct SessionUpdate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Correct a stored session.",
        discussion: """
            Changes only the values given; any status may follow any other (a completed session \
            can be cancelled). New people or a new day are checked as by `session log`: two \
            different people, on staff on the session's day (UTC) unless --allow-inactive, members \
            of the session's cohort, no other session of the pair at that time. A session cannot be \
            completed or no_show while it lies in the future (exit 65). The change is recorded in \
            the audit trail (`mmadmin audit list`) and marks the network metrics for a refresh.
            """)
    @Argument(help: "The session number or external id.") var session: String
    @Option(help: "The mentor's employee id or e-mail.") var mentor: String?
    @Option(help: "The mentee's employee id or e-mail.") var mentee: String?
    @Option(help: ArgumentHelp("When it starts.", valueName: "YYYY-MM-DD HH:MM")) var at: String?
    @Option(help: "How long, 1 to 480 minutes.") var minutes: Int?
    @Option(help: "coffee_chat, call, video, qa, walk, chat, in_person or other.") var format: String?
    @Option(help: "What it is about.") var topic: String?
    @Option(help: "scheduled, completed, cancelled or no_show.") var status: SessionStatusArgument?
    @Flag(help: "Accept people who were not on staff on the session's day.") var allowInactive = false
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        try SessionArguments.validate(at: at, minutes: minutes, format: format)
        guard mentor != nil || mentee != nil || at != nil || minutes != nil || format != nil || topic != nil || status != nil else {
            throw ValidationError("Name at least one value to change (--mentor, --mentee, --at, --minutes, --format, --topic, --status).")
        }
    }

    func run() throws {
        let stored = try SessionCorrection(connection: connection.connect()).update(session, .init(
            mentor: mentor, mentee: mentee, startedAt: at.flatMap(SessionTime.parse), minutes: minutes, format: format,
            topic: topic, status: status?.rawValue, allowInactive: allowInactive))
        print("Session #\(stored.sessionID) updated: \(stored.mentorID) with \(stored.menteeID), \(stored.status).")
    }
}

/// Times typed on the command line.
enum SessionTime {
    /// "YYYY-MM-DD HH:MM[:SS]" or with a T, optionally followed by Z or an offset; UTC when none.
    static func parse(_ text: String) -> Date? {
        var normalized = text.trimmingCharacters(in: .whitespaces)
        if normalized.count >= 16, normalized.count < 19 || !normalized.dropFirst(16).hasPrefix(":") {
            let index = normalized.index(normalized.startIndex, offsetBy: 16)
            normalized.insert(contentsOf: ":00", at: index)
        }
        return PostgresTimestamp.parse(normalized)
    }
}

struct SessionList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List sessions.")
    @Option(help: ArgumentHelp("Only this month (UTC).", valueName: "YYYY-MM")) var month: String?
    @Option(help: "Only sessions of this person (employee id or e-mail).") var person: String?
    @Option(help: "Only this cohort (name or external id).") var cohort: String?
    @Option(help: "Only this status.") var status: SessionStatusArgument?
    @Option(help: "At most this many rows.") var limit: Int?
    @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let database = try connection.connect()
        var filter = SessionRepository.Filter(status: status?.rawValue, limit: limit)
        if let month { filter.month = try MonthArgument.firstDay(month) }
        if let person { filter.employeeID = try PeopleResolver(connection: database).resolve(person).employeeID }
        if let cohort { filter.cohortID = try CohortRepository(connection: database).find(cohort).id }
        Printer.table(Table(sessions: try SessionRepository(connection: database).list(filter)), format: format)
    }
}

/// The session a command acts on, and where it is stored.
struct SessionReference: ParsableArguments {
    @Argument(help: "The session number or external id.") var session: String
    @OptionGroup var connection: ConnectionOptions
}

/// Moves a scheduled session to another status.
protocol SessionTransition: ParsableCommand {
    static var target: String { get }
    var reference: SessionReference { get }
}

extension SessionTransition {
    func run() throws {
        try SessionCorrection(connection: reference.connection.connect()).move(reference.session, to: Self.target)
        print("Session \(reference.session) is now \(Self.target).")
    }
}

struct SessionComplete: SessionTransition {
    static let target = "completed"
    static let configuration = CommandConfiguration(commandName: "complete", abstract: "Mark a scheduled session as held.",
        discussion: "A session that starts in the future cannot be completed yet (exit 65).")
    @OptionGroup var reference: SessionReference
}

struct SessionCancel: SessionTransition {
    static let target = "cancelled"
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Mark a scheduled session as cancelled.")
    @OptionGroup var reference: SessionReference
}

struct SessionNoShow: SessionTransition {
    static let target = "no_show"
    static let configuration = CommandConfiguration(commandName: "no-show", abstract: "Mark a scheduled session as missed.")
    @OptionGroup var reference: SessionReference
}

/// `mmadmin outcome …`.
struct OutcomeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outcome", abstract: "Record how sessions went and read the feedback back.",
        subcommands: [OutcomeRecord.self, OutcomeList.self])
}

enum YesNo: String, ExpressibleByArgument, CaseIterable {
    case yes, no
}

struct OutcomeRecord: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Record the outcome of a completed session, or change some of its answers.",
        discussion: """
            A stored outcome keeps every answer not given: `--rating 2` after `--rating 4 --goal-met yes` \
            changes the rating and keeps the goal answer. --no-follow-up clears the follow-up flag.
            """)
    @Argument(help: "The session number or external id.") var session: String
    @Option(help: "The mentee's rating, 1 to 5.") var rating: Int?
    @Option(help: "Whether the mentee's goal was met: yes or no.") var goalMet: YesNo?
    @Option(help: "The mentor's rating, 1 to 5.") var mentorRating: Int?
    @Flag(inversion: .prefixedNo, help: "Whether a follow-up was asked for.") var followUp: Bool?
    @Option(help: "A free-text note (up to 4,000 characters).") var note: String?
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        for (name, value) in [("--rating", rating), ("--mentor-rating", mentorRating)] {
            if let value, !(1...5).contains(value) { throw ValidationError("\(name) takes 1 to 5, not \(value).") }
        }
        if let note, note.count > 4000 { throw ValidationError("--note is limited to 4,000 characters.") }
    }

    func run() throws {
        try SessionRepository(connection: connection.connect()).recordOutcome(session, .init(
            menteeRating: rating, mentorRating: mentorRating, goalMet: goalMet.map { $0 == .yes }, followUp: followUp, note: note))
        print("Outcome of session \(session) recorded.")
    }
}
