import MMCalendar
import Foundation
import ArgumentParser
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram
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

    /// Opens a connection or fails with a clear message and exit status 69. Unless
    /// `requireSchema` is false, also refuses to go on when migrations or definitions are pending,
    /// rather than failing later on a missing table or an outdated view.
    func connect(requireSchema: Bool = true) throws -> PostgresConnection {
        let connection = try locator.connect(applicationName: Self.applicationName)
        // Changes this process makes are audited with its OS user (mm.audit.os_user).
        try AuditTrail(connection: connection).declareUser()
        if let databaseURL, (try? ConnectionString(databaseURL))?["password"] != nil {
            Printer.warning("the password in --database-url is visible to other users in the process list; "
                            + "keep it in ~/.pgpass or a service file instead (README, \"Connecting\").")
        }
        if requireSchema {
            let outstanding = try Migrator(connection: connection, sqlDirectory: SQLDirectory.locate()).status().outstanding
            if !outstanding.isEmpty {
                let migrations = outstanding.filter { $0.kind == .migration }.count
                let definitions = outstanding.count - migrations
                throw MMError(.unavailable, "The database schema is not up to date (\(migrations) migration\(migrations == 1 ? "" : "s") and \(definitions) definition\(definitions == 1 ? "" : "s") not applied).",
                              details: ["Run: mmadmin db migrate"])
            }
        }
        return connection
    }

    /// "mmadmin import sessions": the program and its command words, up to the first option or
    /// argument that is not a plain word (file names and values stay out of the server's views).
    static var applicationName: String {
        let words = CommandLine.arguments.dropFirst().prefix { $0.allSatisfy { $0.isLetter || $0 == "-" } && !$0.hasPrefix("-") }
        return (["mmadmin"] + words.prefix(2)).joined(separator: " ")
    }
}

