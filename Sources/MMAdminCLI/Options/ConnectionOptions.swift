import Foundation
import ArgumentParser
import MMCore
import PostgresClient

/// The connection option shared by every command that talks to the database.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "A postgresql:// URI or key=value connection string.",
            discussion: "Defaults to DATABASE_URL, then the PG* variables, then the local cluster.",
            valueName: "url"))
    var databaseURL: String?

    var locator: DatabaseLocator { DatabaseLocator(explicitURL: databaseURL) }

    /// Opens a connection or fails with a clear message and exit status 69.
    func connect() throws -> PostgresConnection {
        try locator.connect()
    }
}
