import MMCalendar
import MMDomain
import ArgumentParser

/// `mmadmin demo …`: synthetic data for trying mmadmin out.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a synthetic organisation's export files for trying mmadmin out.",
        subcommands: [DemoGenerate.self]
    )
}
