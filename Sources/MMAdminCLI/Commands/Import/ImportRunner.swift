import MMCalendar
import MMDomain
import Foundation
import MMImport
import MMMetrics
import PostgresClient

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

    /// After an import that changed data: one line saying the stored network figures are now
    /// behind and how to bring them up to date. The refresh is left to the user: after a
    /// month's imports it takes seconds at a million sessions (README, "Metrics"), too long to
    /// add to every import.
    static func noteStaleFigures(_ database: PostgresConnection) throws {
        if case .stale(let from) = try NetworkRefresher(connection: database).storedFigures() {
            Printer.note(StaleFigures.sentence(from: from))
        }
    }

    static func noteIgnored(_ headers: [String]) {
        if !headers.isEmpty { Printer.note("ignored columns: " + headers.joined(separator: ", ")) }
    }
}
