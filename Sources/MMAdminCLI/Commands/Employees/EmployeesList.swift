import MMCalendar
import Foundation
import ArgumentParser
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram
import PostgresClient

struct EmployeesList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List employees, as they are now or as they were on a date.")

    @Option(help: "Only this department (exact name).")
    var department: String?

    @Option(help: "Only active or inactive people.")
    var status: EmploymentStatusArgument?

    @Option(help: ArgumentHelp("Show the roster as it was on this day.", valueName: "YYYY-MM-DD"))
    var asOf: CalendarDate?

    @Option(help: "At most this many rows.")
    var limit: Int?

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let repository = EmployeeRepository(connection: try connection.connect())
        let employees = try repository.list(.init(department: department, status: status?.rawValue, asOf: asOf, limit: limit))
        Printer.table(Table(employees: employees), format: format)
    }
}

enum EmploymentStatusArgument: String, ExpressibleByArgument, CaseIterable {
    case active
    case inactive
}
