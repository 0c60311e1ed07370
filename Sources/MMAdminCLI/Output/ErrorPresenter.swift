import Foundation
import MMCore
import MMImport
import PostgresClient

/// Turns errors into what the user sees: one sentence plus detail lines, and the exit status.
/// Argument-parser errors (help, usage) are left to the parser, which exits 0 or 64.
enum ErrorPresenter {
    struct Presented {
        let text: String
        let exitCode: Int32
    }

    static let maximumProblemsShown = 50

    static func present(_ error: any Error) -> Presented? {
        switch error {
        case let error as MMError:
            return Presented(text: "error: \(error.description)", exitCode: error.exitCode)
        case let rejected as ImportRejected:
            let shown = rejected.problems.prefix(maximumProblemsShown).map { "  \($0)" }
            var lines = ["error: \(rejected.message)"] + shown
            if rejected.problems.count > maximumProblemsShown {
                lines.append("  … and \(rejected.problems.count - maximumProblemsShown) more (--errors-csv PATH writes them all)")
            }
            return Presented(text: lines.joined(separator: "\n"), exitCode: 65)
        case let error as PostgresError:
            return present(MMErrorMapping.map(error))
        default:
            return nil
        }
    }
}
