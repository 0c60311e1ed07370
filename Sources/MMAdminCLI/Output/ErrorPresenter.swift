import Foundation
import MMCore
import PostgresClient

/// Turns errors into what the user sees: one sentence plus detail lines, and the exit status.
/// Argument-parser errors (help, usage) are left to the parser, which exits 0 or 64.
enum ErrorPresenter {
    struct Presented {
        let text: String
        let exitCode: Int32
    }

    static func present(_ error: any Error) -> Presented? {
        switch error {
        case let error as MMError:
            return Presented(text: "error: \(error.description)", exitCode: error.exitCode)
        case let error as PostgresError:
            return present(MMErrorMapping.map(error))
        default:
            return nil
        }
    }
}
