import MMCalendar
import ArgumentParser
import Foundation
import MMDomain
import MMStore
import MMMetrics
import MMLocalCluster
import MMProgram
import PostgresClient

/// `mmadmin metrics …`: the numbers reports and analysts read.
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "List and show the metrics in the mm_metrics schema.",
        discussion: "Analysts query the same views with SQL, as a login granted the mm_reporting role.",
        subcommands: [MetricsList.self, MetricsShow.self, MetricsRefresh.self])
}

struct MetricsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the metrics with one line of meaning each.")
    @OptionGroup var list: ListOptions

    func run() throws {
        list.print(Table(metrics: try MetricsRepository(connection: list.connection.connect()).list()))
    }
}

struct MetricsShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print one metric, month by month.")
    @Argument(help: "The metric's name, such as participation_monthly.") var name: String
    @Option(help: ArgumentHelp("Only this month.", valueName: "YYYY-MM")) var month: String?
    @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let first = try month.map { try MonthArgument.firstDay($0) }
        let database = try connection.connect()
        let rows = try MetricsRepository(connection: database).show(name, month: first)
        if name == "network_monthly", case .stale(let from) = try NetworkRefresher(connection: database).storedFigures(),
           first.map({ from <= $0 }) ?? true {
            Printer.note(StaleFigures.sentence(from: from))
        }
        Printer.table(Table(rows, readable: format == .table), format: format)
    }
}
