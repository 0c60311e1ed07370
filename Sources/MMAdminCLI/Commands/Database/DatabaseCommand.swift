import MMCalendar
import MMDomain
import Foundation
import ArgumentParser

/// `mmadmin db …`: the database schema.
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Apply and inspect the database migrations in sql/migrations.",
        subcommands: [DatabaseMigrate.self, DatabaseStatus.self]
    )
}
