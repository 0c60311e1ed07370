import MMCalendar
import MMDomain
import Foundation
import ArgumentParser

/// `mmadmin employees …`: the people imported from rosters.
struct EmployeesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "employees",
        abstract: "List and show employees as imported from rosters.",
        subcommands: [EmployeesList.self, EmployeesShow.self]
    )
}
