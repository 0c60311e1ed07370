import MMCalendar
import ArgumentParser
import Foundation
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram
import PostgresClient

/// `mmadmin mentor …`.
struct MentorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mentor",
        abstract: "Set mentors' topics and monthly capacity; pause and resume them.",
        subcommands: [MentorSet.self, MentorList.self, MentorPause.self, MentorResume.self])
}

struct MentorSet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Create or update a mentor profile.",
        discussion: "Options left out keep their stored values (new profiles: no topics, capacity 4).")
    @Argument(help: "Employee id or e-mail.") var employee: String
    @Option(help: ArgumentHelp("Topics separated by commas, semicolons or | (as in the mentors file).", valueName: "list"))
    var topics: String?
    @Option(help: ArgumentHelp("Sessions per month, 0 to 100.", valueName: "number")) var capacity: Int?
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if let capacity, !(0...100).contains(capacity) { throw ValidationError("--capacity takes 0 to 100.") }
        if topics == nil && capacity == nil { throw ValidationError("Give --topics, --capacity or both.") }
    }

    func run() throws {
        let database = try connection.connect()
        let person = try PeopleResolver(connection: database).resolve(employee)
        try MentorRepository(connection: database).set(employeeID: person.employeeID, topics: topics.map(ListText.topics),
                                                        capacity: capacity)
        print("Mentor profile of \(person.employeeID) saved.")
    }
}

struct MentorList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List mentors with their load this month.",
        discussion: "The load is what matching counts against capacity: sessions scheduled or completed in the month "
            + "plus open (proposed or accepted) proposals whose pair has not met that month yet. Capacity and topics are "
            + "the profile's as it stood in the month. The last column flags mentors OVER CAPACITY and IDLE (no load); "
            + "--sort load lists the busiest first.")
    @Option(help: "Only mentors with this topic (case and spacing ignored, aliases merged).") var topic: String?
    @Flag(help: "Only active mentors below their capacity this month.") var available = false
    @Option(help: ArgumentHelp("The month whose load to count (UTC; default: this month).", valueName: "YYYY-MM")) var month: String?
    @Option(help: "Order: id (employee id) or load (load against capacity, busiest first).") var sort: MentorSort = .id
    @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table
    @OptionGroup var connection: ConnectionOptions

    /// `mentor list --sort`.
    enum MentorSort: String, CaseIterable, ExpressibleByArgument {
        case id
        case load
    }

    func run() throws {
        let first = try MonthArgument.firstDay(month)
        let mentors = try MentorRepository(connection: connection.connect()).list(
            topic: topic, availableOnly: available, month: first, sortByLoad: sort == .load)
        Printer.table(Table(mentors: mentors), format: format)
    }
}

struct MentorPause: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Stop suggesting a mentor until resumed.")
    @Argument(help: "Employee id or e-mail.") var employee: String
    @OptionGroup var connection: ConnectionOptions

    func run() throws { try MentorActivation.set(employee, active: false, connection: connection) }
}

struct MentorResume: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Make a paused mentor available again.")
    @Argument(help: "Employee id or e-mail.") var employee: String
    @OptionGroup var connection: ConnectionOptions

    func run() throws { try MentorActivation.set(employee, active: true, connection: connection) }
}

/// Shared by pause and resume.
enum MentorActivation {
    static func set(_ employee: String, active: Bool, connection: ConnectionOptions) throws {
        let database = try connection.connect()
        let person = try PeopleResolver(connection: database).resolve(employee)
        guard try MentorRepository(connection: database).setActive(employeeID: person.employeeID, active) else {
            throw MMError(.dataError, "\(person.employeeID) has no mentor profile.",
                          remedy: .createMentorProfile(employeeID: person.employeeID))
        }
        print("\(person.employeeID) is \(active ? "available again" : "paused").")
    }
}

/// `--month YYYY-MM` arguments.
enum MonthArgument {
    /// The first day of `text` (YYYY-MM), or of the current month when nil.
    static func firstDay(_ text: String?) throws -> CalendarDate {
        guard let text else { return SystemClock().currentMonth }
        guard let day = CalendarDate(isoMonth: text) else {
            throw ValidationError("--month takes YYYY-MM, such as 2026-10.")
        }
        return day
    }
}
