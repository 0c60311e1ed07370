import MMCalendar
import MMDomain
import Foundation
import MMImport

/// What every import command does around the import itself: a progress line on a terminal,
/// the problems written to `--errors-csv` when the file is refused, the ignored columns noted.
enum ImportRunner {
    static func run<Result>(_ importOptions: ImportOptions, _ body: (@escaping (Int) -> Void) throws -> Result) throws -> Result {
        let progress = ProgressLine(noun: "rows read")
        defer { progress.finish() }
        do {
            return try body(progress.update)
        } catch let rejected as ImportRejected {
            progress.finish()
            importOptions.writeProblems(rejected)
            throw rejected
        }
    }

    static func noteIgnored(_ headers: [String]) {
        if !headers.isEmpty { Printer.note("ignored columns: " + headers.joined(separator: ", ")) }
    }
}
