import MMCalendar
import Foundation
import ArgumentParser
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram

struct DatabaseStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "List migrations and definitions as applied, pending, changed, stale or removed.")

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    func run() throws {
        let database = try connection.connect(requireSchema: false)
        let status = try Migrator(connection: database, sqlDirectory: SQLDirectory.locate()).status()
        let rows = (status.migrations + status.definitions).map { entry -> [Cell] in
            [.text(entry.kind.rawValue), .text(entry.fileName), .text(entry.state.rawValue), entry.appliedAt.map(Cell.timestamp) ?? .null]
        }
        Printer.table(Table(columns: ["kind", "file", "state", "applied_at"], rows: rows), format: format)
        if format == .table {
            let pending = status.outstanding.count
            print(pending == 0 ? "Nothing pending." : "\(pending) pending; run `mmadmin db migrate`.")
            let removed = status.definitions.filter { $0.state == .removed }.count
            if removed > 0 {
                print("\(removed) removed definition\(removed == 1 ? "" : "s"): the file is gone, its views and functions are still in the database; drop them by hand if they are no longer wanted.")
            }
        }
    }
}
