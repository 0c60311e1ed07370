import ArgumentParser
import MMCalendar
import MMDomain
import MMStore

/// `mmadmin audit …`: the audit trail.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "See every change made to the program's data: who, when, before and after.",
        subcommands: [AuditList.self])
}

enum AuditEntity: String, ExpressibleByArgument, CaseIterable {
    case employees, employeeHistory = "employee_history", cohorts, cohortMembers = "cohort_members", mentors, sessions,
         outcomes, matchProposals = "match_proposals", settings, imports = "import_log"
}

struct AuditList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List recorded changes, oldest first.",
        discussion: """
            Every change by a command, an import, an undo or SQL run by hand is recorded by the \\
            database: when, the OS user (for mmadmin) and the database user, the table and the row's \\
            key, the action (insert, update, delete; undo for an import undone), the import it \\
            belongs to, and the row before and after (JSON; --format json gives both whole, the \\
            table shows the changed columns of an update). The rows an import inserts are one entry \\
            per table (action import, with the import's number and the count): each of those rows \\
            carries that number, and is as inserted until a later entry shows it changed.
            """)
    @Option(help: ArgumentHelp("Only changes on or after this day (UTC).", valueName: "YYYY-MM-DD")) var since: CalendarDate?
    @Option(help: ArgumentHelp("Only changes to this table: \(AuditEntity.allCases.map(\.rawValue).joined(separator: ", ")).",
                               valueName: "entity")) var entity: AuditEntity?
    @Option(name: .customLong("import"), help: ArgumentHelp("Only changes made (or undone) by this import.", valueName: "N"))
    var importID: Int?
    @Option(help: "At most this many rows.") var limit: Int?
    @OptionGroup var list: ListOptions

    func run() throws {
        let entries = try AuditTrail(connection: list.connection.connect())
            .list(.init(since: since, entity: entity?.rawValue, importID: importID, limit: limit))
        list.print(Table(audit: entries, withImages: list.format != .table))
    }
}
