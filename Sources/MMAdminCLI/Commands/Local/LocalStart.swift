import Foundation
import ArgumentParser
import MMCore

struct LocalStart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Create the local cluster if needed and start it.")

    @OptionGroup var options: LocalClusterOptions

    func run() throws {
        let cluster = options.cluster
        let started = try cluster.start()
        print(started ? "Local PostgreSQL started (\(cluster.dataDirectory.path))."
                      : "Local PostgreSQL is already running (\(cluster.dataDirectory.path)).")
    }
}
