import MMCalendar
import ArgumentParser
import Foundation
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram
import MMImport

/// Options every import shares.
struct ImportOptions: ParsableArguments {
    @Flag(help: "Validate and show what would change, without changing anything.")
    var dryRun = false

    @Option(help: ArgumentHelp("Seconds to wait for another import to finish before giving up (exit 75).",
                               valueName: "seconds"))
    var lockTimeout: Double = 5

    @Option(help: ArgumentHelp("Write every problem (not only the first 50) to this CSV file.", valueName: "path"))
    var errorsCSV: String?

    @Option(help: ArgumentHelp("The field separator: comma, semicolon, tab or one character (default: detected).",
                               valueName: "separator"))
    var delimiter: String?

    func validate() throws {
        guard lockTimeout >= 0 else { throw ValidationError("--lock-timeout must not be negative.") }
        if delimiter != nil, delimiterByte == nil {
            throw ValidationError("--delimiter takes comma, semicolon, tab or a single ASCII character.")
        }
    }

    var delimiterByte: UInt8? {
        guard let delimiter else { return nil }
        switch delimiter.lowercased() {
        case "comma", ",": return 44
        case "semicolon", ";": return 59
        case "tab", "\\t", "\t": return 9
        default:
            guard delimiter.utf8.count == 1, let byte = delimiter.utf8.first, byte != 34, byte != 10, byte != 13
            else { return nil }
            return byte
        }
    }

    /// Writes the problems to `--errors-csv` when given. The refused import stays the error the
    /// command ends with (exit 65); a file that cannot be written is a warning beside it.
    func writeProblems(_ rejected: ImportRejected) {
        guard let errorsCSV else { return }
        let table = Table(columns: ["line", "column", "problem"],
                          rows: rejected.problems.map { [Cell($0.line), Cell($0.column), .text(ErrorPresenter.message($0))] })
        do {
            try OutputFile.write(table.csv(), to: errorsCSV)
        } catch {
            Printer.warning(([error.message] + error.details).joined(separator: " "))
        }
    }
}
