import MMCalendar
import ArgumentParser
import Foundation
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram
import MMImport

/// The shape shared by `import cohorts|enrollments|mentors|sessions|outcomes`.
protocol ProgramDataImport: ParsableCommand {
    static var kind: ProgramImportKind { get }
    var file: String { get }
    var importOptions: ImportOptions { get }
    var connection: ConnectionOptions { get }
}

extension ProgramDataImport {
    /// Help text listing the accepted headers.
    static func discussion(_ intro: String) -> String {
        intro + "\n\nColumns (case and punctuation ignored):\n" + kind.fieldDescriptions.map { "  \($0)" }.joined(separator: "\n")
    }

    func run() throws {
        try Self.perform(file: file, importOptions: importOptions, connection: connection)
    }

    /// Imports `file` as `kind` and prints the outcome.
    static func perform(file: String, importOptions: ImportOptions, connection: ConnectionOptions) throws {
        var options = ProgramImportOptions()
        options.dryRun = importOptions.dryRun
        options.delimiter = importOptions.delimiterByte
        options.lockTimeoutSeconds = importOptions.lockTimeout
        let input = try InputFile.read(file)
        let database = try connection.connect()
        let result = try ImportRunner.run(importOptions) { progress in
            try ProgramImporter(connection: database, progress: progress).run(kind, file: input, options: options)
        }
        report(result, of: input)
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

struct ImportCohorts: ProgramDataImport {
    static let kind = ProgramImportKind.cohorts
    static let configuration = CommandConfiguration(
        commandName: "cohorts", abstract: "Import cohorts (matched by external id, else by name).",
        discussion: discussion("Dates are YYYY-MM-DD."))
    @Argument(help: ArgumentHelp("The CSV file, or - for standard input.", valueName: "file")) var file: String
    @OptionGroup var importOptions: ImportOptions
    @OptionGroup var connection: ConnectionOptions
}

struct ImportEnrollments: ProgramDataImport {
    static let kind = ProgramImportKind.enrollments
    static let configuration = CommandConfiguration(
        commandName: "enrollments", abstract: "Import cohort enrolments (one per person and cohort).",
        discussion: discussion("A cohort is named by its external id or its name; a person by employee id or e-mail."))
    @Argument(help: ArgumentHelp("The CSV file, or - for standard input.", valueName: "file")) var file: String
    @OptionGroup var importOptions: ImportOptions
    @OptionGroup var connection: ConnectionOptions
}

struct ImportMentors: ProgramDataImport {
    static let kind = ProgramImportKind.mentors
    static let configuration = CommandConfiguration(
        commandName: "mentors", abstract: "Import mentor profiles: topics, monthly capacity, active.",
        discussion: discussion("Topics are separated by semicolons, bars or commas. Capacity is sessions per month."))
    @Argument(help: ArgumentHelp("The CSV file, or - for standard input.", valueName: "file")) var file: String
    @OptionGroup var importOptions: ImportOptions
    @OptionGroup var connection: ConnectionOptions
}

struct ImportSessions: ProgramDataImport {
    static let kind = ProgramImportKind.sessions
    static let configuration = CommandConfiguration(
        commandName: "sessions", abstract: "Import mentoring sessions (matched by session id, else by pair and time).",
        discussion: discussion("""
            Times are ISO 8601 with an offset or Z. Status defaults to completed, format to coffee_chat. \
            People may have left since (they must be known from a roster); a session naming a cohort \
            enrols both people in it when they are not yet members, and sessions outside the cohort's \
            dates are accepted with a warning.
            """))
    @Argument(help: ArgumentHelp("The CSV file, or - for standard input.", valueName: "file")) var file: String
    @OptionGroup var importOptions: ImportOptions
    @OptionGroup var connection: ConnectionOptions
}

struct ImportOutcomes: ProgramDataImport {
    static let kind = ProgramImportKind.outcomes
    static let configuration = CommandConfiguration(
        commandName: "outcomes", abstract: "Import session outcomes (survey answers) for completed sessions.",
        discussion: discussion("""
            A session is named by its session id from the sessions file (or mmadmin's own session \
            number). Ratings are 1 to 5; goal_met and follow_up take yes/no, true/false or 1/0.
            """))
    @Argument(help: ArgumentHelp("The CSV file, or - for standard input.", valueName: "file")) var file: String
    @OptionGroup var importOptions: ImportOptions
    @OptionGroup var connection: ConnectionOptions
}
