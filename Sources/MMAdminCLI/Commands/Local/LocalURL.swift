import MMCalendar
import Foundation
import ArgumentParser
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram

struct LocalURL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "url",
        abstract: "Print the local cluster's connection string (for psql or DATABASE_URL).")

    @OptionGroup var options: LocalClusterOptions

    @Option(help: ArgumentHelp("The database to name instead of mmadmin's.", valueName: "name"))
    var database: String?

    func run() throws {
        print(options.cluster.connectionString(database: database))
    }
}
