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
        commandName: "report", abstract: "Write program reports for leadership.", subcommands: [ReportMonthly.self, ReportQuarterly.self])
}

extension ProgramReport.Format: ExpressibleByArgument {}

/// What every report command takes besides its period.
struct ReportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A report on one cohort (its participation figures; hidden below the small-group threshold).",
                               valueName: "name")) var cohort: String?
    @Option(help: "html, markdown, csv, json or pdf.") var format: ProgramReport.Format = .html
    @Option(help: ArgumentHelp("The manager's commentary: a Markdown file (at most 20,000 characters).", valueName: "file"))
    var notes: String?
    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "path")) var output: String?
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if format == .pdf && output == nil {
            throw ValidationError("--format pdf writes a file: add --output PATH.")
        }
    }

    /// Writes the report on the period starting `start` (names only with `includeNames`).
    func write(_ period: ReportPeriod, start: CalendarDate, includeNames: Bool = false) throws {
        // Both checked before any database work, so a missing browser or notes file fails fast.
        let printer = format == .pdf ? try PDFPrinter.locate() : nil
        let commentary = try notes.map { path in
            let file = try InputFile.read(path)
            return try ManagerNotes(data: file.data, name: file.name)
        }
        let database = try connection.connect()
        if case .stale(let from) = try NetworkRefresher(connection: database).prepareForReading(),
           from <= period.lastMonth(of: start), period == .month {
            Printer.note(StaleFigures.sentence(from: from))
        }
        let locator = connection.locator, name = ConnectionOptions.applicationName
        let data = try ReportData.load(database, period: period, start: start, cohort: cohort, includeNames: includeNames,
                                       sideConnection: { try locator.connect(applicationName: name) })
        let report = ProgramReport(data: data, notes: commentary)
        guard let output else {
            print(report.render(format), terminator: "")
            return
        }
        if let printer {
            try OutputFile.write(report.pdf(with: printer), to: output)
        } else {
            try OutputFile.write(report.render(format), to: output)
        }
        print("Wrote the \(format.rawValue) report for \(period.text(start))\(cohort.map { " (cohort \($0))" } ?? "") to \(output).")
    }
}

struct ReportMonthly: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monthly", abstract: "The monthly program report: headline figures, trends, departments, network growth.",
        discussion: """
            Refreshes the network metrics first, then reads mm_metrics, so every figure is the one in SQL. \
            HTML is one self-contained file (inline CSS and SVG charts); Markdown suits e-mail and chat; \
            CSV is a long format (month, metric, value; year_to_date.* and department[NAME].* figures too); \
            JSON has stable keys (report, month, summary, headline[key, label, value, previous_month, \
            same_month_last_year], trend[month, metric columns], departments, cohorts, year_to_date). \
            Changes of rates are in percentage points (pp), of counts relative (%). Groups under the \
            small-group threshold read "<k" (README, "Privacy").

            PDF prints the HTML through headless Chromium (Debian package chromium; MMADMIN_CHROMIUM names \
            another browser binary) on A4 and needs --output. --notes adds the manager's commentary from a \
            Markdown file (paragraphs, *emphasis*, **strong**, `code`, lists, [links](https://…); anything else \
            shows as text); CSV and JSON carry the file's text as it is (metric "notes", key "notes").
            """)
    @Option(help: ArgumentHelp("The month (default: the last complete month, UTC).", valueName: "YYYY-MM")) var month: String?
    @Flag(help: "Add the month's ten busiest mentors by name (HTML, Markdown, JSON). Without it, no report names anyone.")
    var includeNames = false
    @OptionGroup var options: ReportOptions

    func run() throws {
        let start = try month.map { try MonthArgument.firstDay($0) } ?? ReportPeriod.month.lastComplete(on: SystemClock().today)
        try options.write(.month, start: start, includeNames: includeNames)
    }
}

struct ReportQuarterly: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarterly", abstract: "The quarterly program report: the quarter's participation, departments and cohorts.",
        discussion: """
            The figures of mm_metrics.participation_quarterly and its department and cohort tables: people \
            are counted once over the quarter, changes compare with the quarter before and the same quarter \
            a year earlier, and a group hidden in any month of the quarter is hidden for the quarter. Only \
            complete quarters have figures. Formats as for `report monthly` (CSV rows are keyed by quarter, \
            JSON has "quarter" and "previous_quarter"); network figures are monthly and stay in that report.
            """)
    @Option(help: ArgumentHelp("The quarter (default: the last complete quarter, UTC).", valueName: "YYYY-Qn")) var quarter: String?
    @OptionGroup var options: ReportOptions

    func run() throws {
        let start = try quarter.map(QuarterArgument.firstDay) ?? ReportPeriod.quarter.lastComplete(on: SystemClock().today)
        try options.write(.quarter, start: start)
    }
}

/// `--quarter YYYY-Qn`.
enum QuarterArgument {
    /// The first day of the quarter `text` names, such as 2026-07-01 for "2026-Q3".
    static func firstDay(_ text: String) throws -> CalendarDate {
        let parts = text.uppercased().split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), (1...9999).contains(year), parts[1].count == 2, parts[1].first == "Q",
              let number = Int(parts[1].dropFirst()), (1...4).contains(number),
              let day = CalendarDate(year: year, month: number * 3 - 2, day: 1) else {
            throw ValidationError("--quarter takes YYYY-Qn, such as 2026-Q3.")
        }
        return day
    }
}
