import MMCalendar
import Foundation
import ArgumentParser
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram

struct LocalStart: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Create the local cluster if needed and start it.")

    @OptionGroup var options: LocalClusterOptions

    @Option(name: .customLong("setting"),
            help: ArgumentHelp("A server parameter for this start, such as fsync=off (repeatable).",
                               valueName: "name=value"))
    var settings: [String] = []

    func validate() throws {
        for setting in settings where !setting.contains("=") || setting.contains(" ") {
            throw ValidationError("--setting takes name=value without spaces, got '\(setting)'.")
        }
    }

    func run() throws {
        let cluster = options.cluster
        let started = try cluster.start(settings: settings)
        print(started ? "Local PostgreSQL started (\(cluster.dataDirectory.path))."
                      : "Local PostgreSQL is already running (\(cluster.dataDirectory.path)).")
    }
}
