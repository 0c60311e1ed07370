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
        abstract: "List migrations as applied, pending or changed.")

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    func run() throws {
        let database = try connection.connect(requireSchema: false)
        let migrations = try Migration.load(from: SQLDirectory.locate().appendingPathComponent("migrations"))
        let entries = try Migrator(connection: database, migrations: migrations).status()
        let rows = entries.map { entry -> [Cell] in
            [.integer(entry.migration.version), .text(entry.migration.fileName), .text(entry.state.rawValue),
             entry.appliedAt.map(Cell.timestamp) ?? .null]
        }
        Printer.table(Table(columns: ["version", "file", "state", "applied_at"], rows: rows), format: format)
        if format == .table {
            let pending = entries.filter { $0.state == .pending }.count
            print(pending == 0 ? "No migration pending." : "\(pending) pending; run `mmadmin db migrate`.")
        }
    }
}
