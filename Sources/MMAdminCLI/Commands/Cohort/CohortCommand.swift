import MMCalendar
import ArgumentParser
import Foundation
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram
import MMImport
import PostgresClient

/// `mmadmin cohort …`.
struct CohortCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohort",
        abstract: "Create and correct cohorts, enrol and withdraw people, and close cohorts.",
        subcommands: [CohortCreate.self, CohortList.self, CohortShow.self, CohortUpdate.self, CohortEnroll.self,
                      CohortWithdraw.self, CohortClose.self])
}

struct CohortCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a cohort.")

    @Argument(help: "The cohort's name (unique).") var name: String
    @Option(help: ArgumentHelp("The first day.", valueName: "YYYY-MM-DD")) var starts: CalendarDate
    @Option(help: ArgumentHelp("The last day.", valueName: "YYYY-MM-DD")) var ends: CalendarDate
    @Option(help: "What the cohort is for.") var description: String?
    @Option(help: "The cohort's id in another system (unique).") var externalID: String?
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard ends >= starts else { throw ValidationError("--ends must not be before --starts.") }
    }

    func run() throws {
        let id = try CohortRepository(connection: connection.connect())
            .create(name: name, startsOn: starts, endsOn: ends, description: description, externalID: externalID)
        print("Created cohort \(name) (#\(id)), \(starts) to \(ends).")
    }
}

struct CohortList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List cohorts with their members and sessions.")
    @OptionGroup var list: ListOptions

    func run() throws {
        list.print(Table(cohorts: try CohortRepository(connection: list.connection.connect()).list()))
    }
}

struct CohortShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a cohort: members, sessions so far, mentor capacity.")
    @Argument(help: "The cohort's name or external id.") var cohort: String
    @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let repository = CohortRepository(connection: try connection.connect())
        let shown = try repository.show(try repository.find(cohort))
        Printer.table(Table(cohort: shown.summary), format: format)
        if format == .table { print("") }
        Printer.table(Table(members: shown.members), format: format)
    }
}

struct CohortEnroll: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll", abstract: "Enrol mentors and mentees in a cohort.",
        discussion: """
            People are given by employee id or e-mail, separated by spaces or commas (--mentors a@x.com,b@x.com E7). \
            Enrolling someone who has left the company works (history) and prints a warning. --topics records what the \
            mentees named want help with (the topic demand in mm_metrics.topic_demand_monthly). --from-csv takes an \
            enrolments file (see `mmadmin import enrollments --help`; its `interests` column is the same).
            """)
    @Argument(help: "The cohort's name or external id.") var cohort: String
    @Option(parsing: .upToNextOption, help: "Employee ids or e-mails of mentors (spaces or commas separate).") var mentors: [String] = []
    @Option(parsing: .upToNextOption, help: "Employee ids or e-mails of mentees (spaces or commas separate).") var mentees: [String] = []
    @Option(help: ArgumentHelp("Topics the mentees named want help with, separated by commas, semicolons or | "
                               + "(compared ignoring case and spacing; `mmadmin topic alias` merges spellings).",
                               valueName: "list"))
    var topics: String?
    @Option(help: ArgumentHelp("An enrolments CSV file for this cohort's people.", valueName: "file")) var fromCSV: String?
    @Option(help: ArgumentHelp("The enrolment date (default: today, UTC).", valueName: "YYYY-MM-DD")) var on: CalendarDate?
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if mentors.isEmpty && mentees.isEmpty && fromCSV == nil {
            throw ValidationError("Name people with --mentors, --mentees or --from-csv.")
        }
        if topics != nil && mentees.isEmpty {
            throw ValidationError("--topics are the interests of the --mentees named; name them too.")
        }
    }

    func run() throws {
        let file = try fromCSV.map(InputFile.read)
        let database = try connection.connect()
        let outcome = try ImportRunner.run(try ImportOptions.parse([])) { _ in
            try CohortEnrolment(connection: database).enrol(
                cohort: cohort, mentors: ListText.references(mentors), mentees: ListText.references(mentees),
                interests: topics.map(ListText.topics), on: on ?? .today,
                file: file, options: ProgramImportOptions())
        }
        for leaver in outcome.leavers {
            Printer.warning("\(leaver) has left the company (inactive in the roster); enrolled all the same.")
        }
        print("Enrolled \(outcome.enrolled) \(outcome.enrolled == 1 ? "person" : "people") in \(outcome.cohortName).")
        if let imported = outcome.imported, let file { ImportProgramData<EnrollmentsTag>.report(imported, of: file) }
    }
}

struct CohortWithdraw: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw", abstract: "Record that people left a cohort (their history stays).")
    @Argument(help: "The cohort's name or external id.") var cohort: String
    @Argument(help: "Employee ids or e-mails, separated by spaces or commas.") var people: [String]
    @Option(help: ArgumentHelp("The day they left (default: today, UTC).", valueName: "YYYY-MM-DD")) var on: CalendarDate?
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let database = try connection.connect()
        let repository = CohortRepository(connection: database)
        let target = try repository.find(cohort)
        let ids = try PeopleResolver(connection: database).resolve(ListText.references(people)).map(\.employeeID)
        let withdrawn = try repository.withdraw(target, employeeIDs: ids, on: on ?? .today)
        if withdrawn < ids.count {
            Printer.warning("\(ids.count - withdrawn) of them were not current members of \(target.name).")
        }
        print("Withdrew \(withdrawn) from \(target.name).")
    }
}

struct CohortClose: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Close a cohort to new enrolments.")
    @Argument(help: "The cohort's name or external id.") var cohort: String
    @Option(help: ArgumentHelp("The closing day (default: today, UTC).", valueName: "YYYY-MM-DD")) var on: CalendarDate?
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let repository = CohortRepository(connection: try connection.connect())
        let target = try repository.find(cohort)
        try repository.close(target, on: on ?? .today)
        print("Closed \(target.name).")
    }
}

struct CohortUpdate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Rename or re-date a cohort, or change its description.",
        discussion: """
            Changes only the values given. Sessions of the cohort that fall outside the new dates stay \
            (they happened) and a warning on standard error counts them. The change is recorded in the \
            audit trail (`mmadmin audit list`).
            """)
    @Argument(help: "The cohort's name or external id.") var cohort: String
    @Option(help: "The new name (unique).") var name: String?
    @Option(help: ArgumentHelp("The new first day.", valueName: "YYYY-MM-DD")) var starts: CalendarDate?
    @Option(help: ArgumentHelp("The new last day.", valueName: "YYYY-MM-DD")) var ends: CalendarDate?
    @Option(help: "The new description (up to 2,000 characters).") var description: String?
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard name != nil || starts != nil || ends != nil || description != nil else {
            throw ValidationError("Name at least one value to change (--name, --starts, --ends, --description).")
        }
        if let name, name.isEmpty || name.count > 200 { throw ValidationError("--name takes 1 to 200 characters.") }
        if let description, description.count > 2000 { throw ValidationError("--description is limited to 2,000 characters.") }
    }

    func run() throws {
        let outcome = try CohortCorrection(connection: connection.connect()).update(cohort, .init(
            name: name, startsOn: starts, endsOn: ends, description: description))
        if outcome.sessionsOutside > 0 {
            Printer.warning("\(outcome.sessionsOutside) session\(outcome.sessionsOutside == 1 ? "" : "s") of \(outcome.name) "
                            + "fall\(outcome.sessionsOutside == 1 ? "s" : "") outside \(outcome.startsOn) to \(outcome.endsOn) (kept).")
        }
        print("Updated cohort \(outcome.name), \(outcome.startsOn) to \(outcome.endsOn).")
    }
}
