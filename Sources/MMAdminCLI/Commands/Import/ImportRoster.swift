import MMCalendar
import ArgumentParser
import Foundation
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram
import MMImport
import PostgresClient

struct ImportRoster: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roster",
        abstract: "Import an HR roster export (a full snapshot unless --partial).",
        discussion: """
            Recognises the usual HR-system headers (Employee ID, Employee Number, Work Email, First Name, \
            Preferred First Name, Last Name, Department, Job Title, Location, Office, Manager ID, \
            Supervisor ID, Hire Date, Start Date, Employment Status, Termination Date, ...) in any case \
            and punctuation; map others with --map field="Source Header" (or "Source Header"=field) or a --mapping \
            file of such lines. Employee id and e-mail are required.

            A full snapshot deactivates, as of --as-of, the active people it leaves out; a terminated \
            status or a termination date on or before --as-of does the same. Nothing is deleted. An empty \
            snapshot, or one deactivating more than --max-deactivation-share of the active people, is \
            refused unless --confirm-deactivations is given.

            Fields: employee_id, email, given_name, family_name, department, title, location, manager_id, \
            hire_date, status, termination_date. Limits: ids 64 characters, e-mail 254, other text 200.
            """)

    @Argument(help: ArgumentHelp("The CSV file, or - for standard input.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The date the roster describes (default: today, UTC).", valueName: "YYYY-MM-DD"))
    var asOf: CalendarDate?

    @Flag(help: "Only add and update the people in the file; deactivate nobody for being absent.")
    var partial = false

    @Flag(help: "Allow an --as-of date earlier than the latest roster import's.")
    var backfill = false

    @OptionGroup var columns: ColumnMappingOptions

    @Flag(help: "Accept an empty snapshot or one that deactivates many people.")
    var confirmDeactivations = false

    @Option(help: ArgumentHelp("The largest share of active people a snapshot may deactivate unconfirmed.",
                               valueName: "fraction"))
    var maxDeactivationShare: Double = 0.2

    @OptionGroup var importOptions: ImportOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard (0...1).contains(maxDeactivationShare) else {
            throw ValidationError("--max-deactivation-share is a fraction between 0 and 1.")
        }
    }

    func run() throws {
        var options = RosterImportOptions(asOf: asOf ?? .today)
        options.partial = partial
        options.backfill = backfill
        options.dryRun = importOptions.dryRun
        options.delimiter = importOptions.delimiterByte
        options.lockTimeoutSeconds = importOptions.lockTimeout
        options.confirmDeactivations = confirmDeactivations
        options.maximumDeactivationShare = maxDeactivationShare
        options.dateFormat = columns.format
        options.mapping = try HeaderMapping.parseEntries(try columns.entries())

        let input = try InputFile.read(file)
        let database = try connection.connect()
        let result = try ImportRunner.run(importOptions) { progress in
            try RosterImporter(connection: database, progress: progress).run(input, options: options)
        }
        ImportRunner.noteIgnored(result.ignoredHeaders)
        switch result.outcome {
        case .alreadyImported(let importID):
            print("\(input.name) was already imported as of \(options.asOf) (import #\(importID)); nothing changed.")
        case .imported(let importID):
            print("Imported \(input.name) as of \(options.asOf) (import #\(importID)): \(result.counts.rosterSummary).")
            try ImportRunner.settleNetworkFigures(database)
        case .unchanged:
            print("\(input.name) matches what is stored as of \(options.asOf); nothing changed (\(result.counts.rosterSummary)).")
        case .dryRun:
            print("Dry run of \(input.name) as of \(options.asOf), nothing changed: would import \(result.counts.rosterSummary).")
            for sample in result.samples {
                print("  \(sample.kind): \(sample.employeeIDs.joined(separator: ", "))")
            }
        }
    }
}
