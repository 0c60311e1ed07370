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
        abstract: "Apply pending migrations, then the view and function definitions that changed.",
        discussion: """
            Migrations run once each, in their own transaction; an applied migration whose file has \
            changed is refused (exit 65). Definitions (sql/definitions) are applied again whenever \
            their text changes or a migration ran. Safe to run any time: concurrent runs wait for \
            each other, and a second run applies nothing.
            """)

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let database = try connection.connect(requireSchema: false)
        let applied = try Migrator(connection: database, sqlDirectory: SQLDirectory.locate()).migrate()
        if applied.isEmpty {
            print("The database is up to date: no migration was pending and no definition had changed.")
        } else {
            for migration in applied.migrations { print("applied \(migration.fileName)") }
            for definition in applied.definitions { print("applied definition \(definition.fileName)") }
            let (migrations, definitions) = (applied.migrations.count, applied.definitions.count)
            print("Applied \(migrations) migration\(migrations == 1 ? "" : "s") and \(definitions) definition\(definitions == 1 ? "" : "s").")
        }
    }
}
