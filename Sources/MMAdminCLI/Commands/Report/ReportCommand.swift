import MMCalendar
import ArgumentParser
import Foundation
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram
import MMMetrics
import MMReport
import PostgresClient

/// `mmadmin report …`.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write program reports for leadership.", subcommands: [ReportMonthly.self])
}

extension MonthlyReport.Format: ExpressibleByArgument {}

struct ReportMonthly: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monthly", abstract: "The monthly program report: headline figures, trends, network growth.",
        discussion: """
            Refreshes the network metrics first, then reads mm_metrics, so every figure is the one in SQL. \
            HTML is one self-contained file (inline CSS and SVG charts); Markdown suits e-mail and chat; \
            CSV is a long format (month, metric, value); JSON has stable keys (report, month, summary, \
            headline[key, label, value, previous_month, same_month_last_year], trend[month, metric columns]).
            """)
    @Option(help: ArgumentHelp("The month (default: the last complete month, UTC).", valueName: "YYYY-MM")) var month: String?
    @Option(help: ArgumentHelp("A report on one cohort (its participation figures; suppressed below the small-group threshold).",
                               valueName: "name")) var cohort: String?
    @Flag(help: "Add the month's ten busiest mentors by name (HTML, Markdown, JSON). Without it, no report names anyone.")
    var includeNames = false
    @Option(help: "html, markdown, csv or json.") var format: MonthlyReport.Format = .html
    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "path")) var output: String?
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let database = try connection.connect()
        let first = try month.map { try MonthArgument.firstDay($0) } ?? SystemClock().lastCompleteMonth
        if case .stale(let from) = try NetworkRefresher(connection: database).prepareForReading(), from <= first {
            Printer.note(StaleFigures.sentence(from: from))
        }
        let text = MonthlyReport(data: try ReportData.load(database, month: first, cohort: cohort, includeNames: includeNames)).render(format)
        guard let output else {
            print(text, terminator: "")
            return
        }
        try OutputFile.write(text, to: output)
        print("Wrote the \(format.rawValue) report for \(first.monthText)\(cohort.map { " (cohort \($0))" } ?? "") to \(output).")
    }
}
