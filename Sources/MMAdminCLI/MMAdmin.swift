import MMCalendar
import ArgumentParser
import Foundation
import Logging
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram

/// The `mmadmin` root command.
public struct MMAdmin: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "mmadmin",
        abstract: "Run corporate micromentoring programs: rosters, cohorts, sessions, metrics and reports.",
        discussion: """
            Data lives in PostgreSQL. mmadmin connects to --database-url, else DATABASE_URL, else \
            the PG* variables; with none of these it uses the project-local cluster in ./.mmadmin \
            (start it with `mmadmin local start`).

            Exit status: 0 success, 64 bad usage, 65 bad input data, 66 input unreadable, 69 database \
            unreachable, 70 internal error, 74 output not written, 75 another import holds the lock.
            """,
        version: "0.1.0",
        subcommands: [LocalCommand.self, DatabaseCommand.self, ImportCommand.self, EmployeesCommand.self, CohortCommand.self,
                      MentorCommand.self, TopicCommand.self, SessionCommand.self, OutcomeCommand.self, MatchCommand.self, MetricsCommand.self, ReportCommand.self, SettingsCommand.self, AuditCommand.self, DemoCommand.self]
    )

    public init() {}

    /// Parses the command line, runs the command, and exits with the contract's status.
    public static func runMain(arguments: [String]? = nil) -> Never {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            let configured = ProcessInfo.processInfo.environment["MMADMIN_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
            handler.logLevel = configured ?? .warning
            return handler
        }
        StandardStreams.guardClosedDescriptors()
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            try StandardStreams.flushOutput()
            Foundation.exit(0)
        } catch {
            if let presented = ErrorPresenter.present(error) {
                FileHandle.standardError.write(Data((presented.text + "\n").utf8))
                Foundation.exit(presented.exitCode)
            }
            exit(withError: error)
        }
    }
}
