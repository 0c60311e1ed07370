import Foundation
import ArgumentParser
import MMCore

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
        let rows = entries.map { entry -> [String?] in
            [String(entry.migration.version), entry.migration.fileName, entry.state.rawValue,
             entry.appliedAt.map { String(describing: $0) }]
        }
        Printer.table(Table(columns: ["version", "file", "state", "applied_at"], rows: rows), format: format)
        if format == .table {
            let pending = entries.filter { $0.state == .pending }.count
            print(pending == 0 ? "No migration pending." : "\(pending) pending; run `mmadmin db migrate`.")
        }
    }
}
