import MMCalendar
import Foundation
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram

/// Where commands write: results to standard output, progress and warnings to standard error.
enum Printer {
    static func table(_ table: Table, format: OutputFormat) {
        switch format {
        case .table: print(table.aligned())
        case .json: print(table.json())
        case .csv: print(table.csv(), terminator: "")
        }
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("note: \(message)\n".utf8))
    }

    static func warning(_ message: String) {
        FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
    }

    /// Whether standard error is a terminal (progress is shown only then).
    static var isInteractive: Bool { isatty(STDERR_FILENO) == 1 }
}
