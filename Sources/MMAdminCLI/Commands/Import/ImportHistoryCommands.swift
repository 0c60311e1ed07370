import ArgumentParser
import MMDomain
import MMImport
import MMStore

enum ImportKindArgument: String, ExpressibleByArgument, CaseIterable {
    case roster, cohorts, enrollments, mentors, sessions, outcomes
}

struct ImportList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the imports: number, kind, file, hash, as-of, counts, who and when.",
        discussion: "The latest first. An import undone shows when and by whom (`mmadmin import undo`).")
    @Option(help: "Only imports of this kind.") var kind: ImportKindArgument?
    @OptionGroup var list: ListOptions

    func run() throws {
        list.print(Table(imports: try ImportHistory(connection: list.connection.connect()).list(kind: kind?.rawValue)))
    }
}

struct ImportUndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo", abstract: "Revert an import, the latest of its kind.",
        discussion: """
            Program data: the rows the import added are removed and the rows it changed get back \\
            their values from before it (from the audit trail). A roster: people and their history \\
            are as they were before it. Refused (exit 65, database unchanged) when the import is \\
            unknown or already undone, when a later import builds on it (a later import of its \\
            kind; after a roster, enrolments, mentors or sessions; after cohorts, enrolments or \\
            sessions; after sessions, outcomes) — undo those first — when a command changed its \\
            rows since, or when later rows refer to rows it added. The undo is in the audit trail \\
            and `import list` shows the import as undone. Network metrics are marked for a refresh.
            """)
    @Argument(help: "The import's number (`mmadmin import list`).") var number: Int
    @Option(help: "Seconds to wait for a running import to finish (default 5).") var lockTimeout: Double = 5
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let (kind, tables) = try ImportUndo(connection: connection.connect()).undo(number, lockTimeoutSeconds: lockTimeout)
        let removed = tables.reduce(0) { $0 + $1.removed }, restored = tables.reduce(0) { $0 + $1.restored }
        print("Undid import \(number) (\(kind)): removed \(removed) row\(removed == 1 ? "" : "s"), restored \(restored).")
        for table in tables {
            print("  \(table.table): \(table.removed) removed, \(table.restored) restored")
        }
    }
}
