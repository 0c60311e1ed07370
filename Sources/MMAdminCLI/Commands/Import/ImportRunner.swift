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

    /// After an import that changed data: the stored network figures brought up to date when
    /// that is quick, else one line saying they are behind and how to update them.
    static func settleNetworkFigures(_ database: PostgresConnection) throws {
        switch try NetworkRefresher(connection: database).refreshAfterImport() {
        case .current: break
        case .refreshed(let months):
            Printer.note("network metrics recomputed for the last \(months) month\(months == 1 ? "" : "s").")
        case .stale(let from): Printer.note(StaleFigures.sentence(from: from))
        }
    }

    static func noteIgnored(_ headers: [String]) {
        if !headers.isEmpty { Printer.note("ignored columns: " + headers.joined(separator: ", ")) }
    }
}
