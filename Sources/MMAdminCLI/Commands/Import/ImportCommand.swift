import MMCalendar
import MMDomain
import Foundation
import ArgumentParser

/// `mmadmin import …`: bulk loads from CSV files.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load CSV files: all-or-nothing, idempotent, one import at a time.",
        discussion: """
            Every import validates the whole file first and reports every problem with its line and \
            column (exit 65); on any problem the database is left exactly as it was. Importing the same \
            data again changes nothing. `import list` shows every import; `import undo N` reverts the \
            latest of its kind.
            """,
        subcommands: [ImportRoster.self, ImportProgramData<CohortsTag>.self, ImportProgramData<EnrollmentsTag>.self,
                      ImportProgramData<MentorsTag>.self, ImportProgramData<SessionsTag>.self,
                      ImportProgramData<OutcomesTag>.self, ImportList.self, ImportUndoCommand.self]
    )
}
