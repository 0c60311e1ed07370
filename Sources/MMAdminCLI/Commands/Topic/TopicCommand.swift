import ArgumentParser
import MMDomain
import MMStore

/// `mmadmin topic …`.
struct TopicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topic",
        abstract: "Merge spellings of topics (aliases) for topic metrics and mentor lists.",
        discussion: """
            Topics are compared ignoring case and spacing everywhere ("Public  speaking" is "public speaking"); \
            an alias merges different words: `mmadmin topic alias "k8s" "Kubernetes"`.
            """,
        subcommands: [TopicAlias.self])
}

/// `mmadmin topic alias …`: add (the default), list, remove.
struct TopicAlias: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alias", abstract: "Count one spelling of a topic as another; list and remove aliases.",
        subcommands: [TopicAliasAdd.self, TopicAliasList.self, TopicAliasRemove.self], defaultSubcommand: TopicAliasAdd.self)
}

struct TopicAliasAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Count ALIAS as TOPIC (`mmadmin topic alias ALIAS TOPIC` does the same).",
        discussion: """
            Mentors' topics, mentees' interests and sessions' topics spelled like ALIAS count as TOPIC in \
            mm_metrics.topic_demand_monthly and `mentor list --topic`. One level: TOPIC may not be an alias itself. \
            Adding an alias that exists replaces its topic.
            """)
    @Argument(help: "The spelling to merge, such as k8s.") var alias: String
    @Argument(help: "The topic it stands for, such as Kubernetes.") var topic: String
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        try TopicRepository(connection: connection.connect()).addAlias(alias, for: topic)
        print("\"\(alias)\" now counts as \"\(topic)\".")
    }
}

struct TopicAliasList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the topic aliases.")
    @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let aliases = try TopicRepository(connection: connection.connect()).aliases()
        Printer.table(Table(columns: ["alias", "topic"], rows: aliases.map { [.text($0.alias), .text($0.topic)] }), format: format)
    }
}

struct TopicAliasRemove: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Stop merging a spelling into its topic.")
    @Argument(help: "The alias (case and spacing ignored).") var alias: String
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        guard try TopicRepository(connection: connection.connect()).removeAlias(alias) else {
            throw MMError(.dataError, "\"\(alias)\" is not an alias (see `mmadmin topic alias list`).")
        }
        print("Removed the alias \"\(alias)\".")
    }
}
