import ArgumentParser

/// The options of a command that lists stored rows: where they are stored and how to print them.
struct ListOptions: ParsableArguments {
    @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table
    @OptionGroup var connection: ConnectionOptions

    /// Prints `table` in the chosen format.
    func print(_ table: Table) {
        Printer.table(table, format: format)
    }
}
