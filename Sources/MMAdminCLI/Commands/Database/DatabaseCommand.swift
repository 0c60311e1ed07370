import MMCalendar
import MMDomain
import Foundation
import ArgumentParser

/// `mmadmin db …`: the database schema.
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Apply and inspect the schema: sql/migrations and sql/definitions.",
        subcommands: [DatabaseMigrate.self, DatabaseStatus.self]
    )
}
