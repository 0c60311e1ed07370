import MMCalendar
import Foundation
import ArgumentParser
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram

struct EmployeesShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one employee and their roster history.")

    @Argument(help: ArgumentHelp("The employee id or e-mail address.", valueName: "employee"))
    var employee: String

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let repository = EmployeeRepository(connection: try connection.connect())
        guard let record = try repository.find(employee) else {
            throw MMError(.dataError, "No employee has the id or e-mail \(employee).")
        }
        Printer.table(Table(employee: record), format: format)
        if format == .table {
            print("\nRoster history:")
            Printer.table(Table(history: try repository.history(record.employeeID)), format: .table)
        }
    }
}
