import MMCalendar
import Foundation
import ArgumentParser
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram

struct LocalStop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop the local cluster (open sessions are rolled back).")

    @OptionGroup var options: LocalClusterOptions

    func run() throws {
        let stopped = try options.cluster.stop()
        print(stopped ? "Local PostgreSQL stopped." : "Local PostgreSQL was not running.")
    }
}
