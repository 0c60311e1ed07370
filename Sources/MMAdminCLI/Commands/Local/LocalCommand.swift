import MMCalendar
import ArgumentParser
import Foundation
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram

/// `mmadmin local …`: the project-local embedded PostgreSQL cluster.
struct LocalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "local",
        abstract: "Manage the project-local PostgreSQL cluster in ./.mmadmin.",
        discussion: """
            The local cluster is created on first start from the installed PostgreSQL programs \
            (pg_config --bindir or /usr/lib/postgresql/*/bin), listens on a unix socket only, and \
            is what mmadmin uses when no connection is configured. Run as root, the server runs \
            as the postgres user.
            """,
        subcommands: [LocalStart.self, LocalStop.self, LocalStatus.self, LocalURL.self]
    )
}

/// Options naming the local cluster's folder.
struct LocalClusterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The folder holding the cluster.", valueName: "path"))
    var directory: String = "./.mmadmin"

    @Option(help: ArgumentHelp("The port number, which names the unix socket file.", valueName: "number"))
    var port: Int = LocalCluster.defaultPort

    var cluster: LocalCluster {
        LocalCluster(root: URL(fileURLWithPath: directory), port: port)
    }
}
