import MMCalendar
import ArgumentParser
import Foundation
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram
import MMMetrics
import MMReport
import MMImport
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
            headline[key, label, value, previous_month, same_month_last_year], trend[month, metric columns]). \
            Changes of rates are in percentage points (pp), of counts relative (%).

            PDF prints the HTML through headless Chromium (Debian package chromium; MMADMIN_CHROMIUM names \
            another browser binary) on A4 and needs --output. --notes adds the manager's commentary from a \
            Markdown file (paragraphs, *emphasis*, **strong**, `code`, lists, [links](https://…); anything else \
            shows as text); CSV and JSON carry the file's text as it is (metric "notes", key "notes").
            """)
    @Option(help: ArgumentHelp("The month (default: the last complete month, UTC).", valueName: "YYYY-MM")) var month: String?
    @Option(help: ArgumentHelp("A report on one cohort (its participation figures; suppressed below the small-group threshold).",
                               valueName: "name")) var cohort: String?
    @Flag(help: "Add the month's ten busiest mentors by name (HTML, Markdown, JSON). Without it, no report names anyone.")
    var includeNames = false
    @Option(help: "html, markdown, csv, json or pdf.") var format: MonthlyReport.Format = .html
    @Option(help: ArgumentHelp("The manager's commentary: a Markdown file (at most 20,000 characters).", valueName: "file"))
    var notes: String?
    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "path")) var output: String?
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if format == .pdf && output == nil {
            throw ValidationError("--format pdf writes a file: add --output PATH.")
        }
    }

    func run() throws {
        // Both checked before any database work, so a missing browser or notes file fails fast.
        let printer = format == .pdf ? try PDFPrinter.locate() : nil
        let commentary = try notes.map { path in
            let file = try InputFile.read(path)
            return try ManagerNotes(data: file.data, name: file.name)
        }
        let database = try connection.connect()
        let first = try month.map { try MonthArgument.firstDay($0) } ?? SystemClock().lastCompleteMonth
        if case .stale(let from) = try NetworkRefresher(connection: database).prepareForReading(), from <= first {
            Printer.note(StaleFigures.sentence(from: from))
        }
        let report = MonthlyReport(data: try ReportData.load(database, month: first, cohort: cohort, includeNames: includeNames),
                                   notes: commentary)
        guard let output else {
            print(report.render(format), terminator: "")
            return
        }
        if let printer {
            try OutputFile.write(report.pdf(with: printer), to: output)
        } else {
            try OutputFile.write(report.render(format), to: output)
        }
        print("Wrote the \(format.rawValue) report for \(first.monthText)\(cohort.map { " (cohort \($0))" } ?? "") to \(output).")
    }
}
