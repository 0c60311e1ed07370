import MMCalendar
import ArgumentParser
import Foundation
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram
import MMImport

/// The file, import options and connection of `import cohorts|enrollments|mentors|sessions|outcomes`.
struct ProgramImportArguments: ParsableArguments {
    @Argument(help: ArgumentHelp("The CSV file, or - for standard input.", valueName: "file")) var file: String
    @OptionGroup var columns: ColumnMappingOptions

    @Option(help: ArgumentHelp("The IANA time zone (America/New_York) of times without an offset, in rows without "
                                   + "a time-zone value (default UTC).", valueName: "name"))
    var timeZone: String?

    @OptionGroup var importOptions: ImportOptions
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if let timeZone, ImportTimeZone.named(timeZone) == nil {
            throw ValidationError("--time-zone takes an IANA time zone name such as America/New_York, Europe/Berlin or UTC; \(timeZone) is none.")
        }
    }
}

/// Names one kind of program data for `ImportProgramData`.
protocol ProgramImportKindTag {
    static var kind: ProgramImportKind { get }
}

enum CohortsTag: ProgramImportKindTag { static let kind = ProgramImportKind.cohorts }
enum EnrollmentsTag: ProgramImportKindTag { static let kind = ProgramImportKind.enrollments }
enum MentorsTag: ProgramImportKindTag { static let kind = ProgramImportKind.mentors }
enum SessionsTag: ProgramImportKindTag { static let kind = ProgramImportKind.sessions }
enum OutcomesTag: ProgramImportKindTag { static let kind = ProgramImportKind.outcomes }

/// `import cohorts|enrollments|mentors|sessions|outcomes`: one command, one subcommand per kind.
struct ImportProgramData<Tag: ProgramImportKindTag>: ParsableCommand {
    static var kind: ProgramImportKind { Tag.kind }

    static var configuration: CommandConfiguration {
        let (abstract, intro) = help
        return CommandConfiguration(
            commandName: kind.rawValue, abstract: abstract,
            discussion: intro + "\n\n" + mappingHelp + "\n\nColumns (case and punctuation ignored):\n"
                + kind.fieldDescriptions.map { "  \($0)" }.joined(separator: "\n"))
    }

    /// How columns are found, the same for every kind.
    private static var mappingHelp: String { """
        Columns are found by their headers; --map field="Source Header" (repeatable) or a --mapping \
        file of such lines names others. When two columns could fill one field, the import stops and \
        names both until --map decides. Dates are YYYY-MM-DD, or MM/DD/YYYY with --date-format us, \
        DD/MM/YYYY or DD.MM.YYYY with --date-format eu.
        """ }

    /// What each kind's help says besides its columns.
    private static var help: (abstract: String, intro: String) {
        switch kind {
        case .cohorts:
            return ("Import cohorts (matched by external id, else by name).", "A cohort runs from its start date to its end date, both included.")
        case .enrollments:
            return ("Import cohort enrolments (one per person and cohort).",
                    "A cohort is named by its external id or its name; a person by employee id or e-mail.")
        case .mentors:
            return ("Import mentor profiles: topics, monthly capacity, active.",
                    "Topics are separated by semicolons, bars or commas. Capacity is sessions per month.")
        case .sessions:
            return ("Import mentoring sessions (matched by session id, else by pair and time).", """
                Times are ISO 8601 (2026-11-24T10:00:00-05:00) or a date and a 24- or 12-hour time \
                (2026-11-24 10:00 am), in one column or two (Start Date, Start Time); a time without an \
                offset is in the row's time-zone column (an IANA name such as America/New_York), else in \
                --time-zone, else UTC. Canceled and No-show yes/no columns set the status (completed when \
                nothing says otherwise); the duration comes from the end time when there is no minutes \
                column. A session without a format is stored as unknown. People may have left since (they \
                must be known from a roster); a session naming a cohort enrols both people in it when they \
                are not yet members, and sessions outside the cohort's dates are accepted with a warning.
                """)
        case .outcomes:
            return ("Import session outcomes (survey answers) for completed sessions.", """
                A session is named by its session id from the sessions file (or mmadmin's own session \
                number). Ratings are 1 to 5; goal_met and follow_up take yes/no, true/false or 1/0.
                """)
        }
    }

    @OptionGroup var arguments: ProgramImportArguments

    func validate() throws {
        if arguments.timeZone != nil, !Self.kind.holdsTimes {
            throw ValidationError("--time-zone applies to sessions and outcomes, whose files hold times.")
        }
    }

    func run() throws {
        try Self.perform(arguments)
    }

    /// Imports the file as `kind` and prints the outcome.
    static func perform(_ arguments: ProgramImportArguments) throws {
        let (file, importOptions, connection) = (arguments.file, arguments.importOptions, arguments.connection)
        var options = ProgramImportOptions()
        options.dryRun = importOptions.dryRun
        options.delimiter = importOptions.delimiterByte
        options.lockTimeoutSeconds = importOptions.lockTimeout
        options.mapping = try kind.parseMapping(try arguments.columns.entries())
        options.dateFormat = arguments.columns.format
        if let zone = arguments.timeZone.flatMap(ImportTimeZone.named) { options.timeZone = zone }
        let input = try InputFile.read(file)
        let database = try connection.connect()
        let result = try ImportRunner.run(importOptions) { progress in
            try ProgramImporter(connection: database, progress: progress).run(kind, file: input, options: options)
        }
        report(result, of: input)
        if case .imported = result.outcome { try ImportRunner.settleNetworkFigures(database) }
    }

    /// Prints what an import of `input` did: ignored columns, warnings, the outcome.
    static func report(_ result: ProgramImportResult, of input: InputFile) {
        ImportRunner.noteIgnored(result.ignoredHeaders)
        for warning in result.counts.warnings { Printer.warning(warning) }
        switch result.outcome {
        case .imported(let importID):
            print("Imported \(kind.rawValue) from \(input.name) (import #\(importID)): \(result.counts.programSummary).")
        case .unchanged:
            print("\(input.name) matches what is stored; nothing changed (\(result.counts.rowsRead) rows read).")
        case .dryRun:
            print("Dry run of \(input.name), nothing changed: would import \(result.counts.programSummary).")
        }
    }
}
