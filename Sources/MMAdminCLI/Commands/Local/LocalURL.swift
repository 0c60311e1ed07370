import Foundation
import ArgumentParser
import MMCore

struct LocalURL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "url",
        abstract: "Print the local cluster's connection string (for psql or DATABASE_URL).")

    @OptionGroup var options: LocalClusterOptions

    func run() throws {
        print(options.cluster.connectionString())
    }
}
