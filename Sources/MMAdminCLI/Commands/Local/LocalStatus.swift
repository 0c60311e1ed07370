import MMCalendar
import Foundation
import ArgumentParser
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram

struct LocalStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Say whether the local cluster exists and runs.",
        discussion: "Exits 0 when it runs and 69 when it does not.")

    @OptionGroup var options: LocalClusterOptions

    func run() throws {
        let cluster = options.cluster
        guard cluster.isInitialized else {
            print("Local PostgreSQL has not been created in \(cluster.root.path).")
            throw ExitCode(69)
        }
        guard try cluster.status() else {
            print("Local PostgreSQL is stopped (\(cluster.dataDirectory.path)).")
            throw ExitCode(69)
        }
        print("Local PostgreSQL is running (\(cluster.dataDirectory.path)).")
        print("Connection: \(cluster.connectionString())")
    }
}
