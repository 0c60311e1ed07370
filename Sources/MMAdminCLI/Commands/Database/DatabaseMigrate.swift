import MMCalendar
import Foundation
import ArgumentParser
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram

struct DatabaseMigrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending migrations, each in its own transaction.",
        discussion: """
            Safe to run any time: concurrent runs wait for each other, and a second run applies \
            nothing. An applied migration whose file has changed is refused (exit 65).
            """)

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let database = try connection.connect(requireSchema: false)
        let migrations = try Migration.load(from: SQLDirectory.locate().appendingPathComponent("migrations"))
        let applied = try Migrator(connection: database, migrations: migrations).migrate()
        if applied.isEmpty {
            print("The database is up to date; no migration was pending.")
        } else {
            for migration in applied { print("applied \(migration.fileName)") }
            print("Applied \(applied.count) migration\(applied.count == 1 ? "" : "s").")
        }
    }
}
