import Foundation
import MMDomain
import PostgresClient

/// Maps database errors that escaped the layers above to user-facing errors and exit statuses.
public enum DatabaseErrorMapping {
    /// The user-facing error for a database error: its class decides the category, its
    /// SQLSTATE, detail, hint and context become detail lines.
    public static func map(_ error: PostgresError) -> MMError {
        var details: [String] = []
        if let state = error.sqlState { details.append("SQLSTATE \(state)") }
        if let detail = error.detail { details.append(detail) }
        if let hint = error.hint { details.append("hint: \(hint)") }
        if let context = error.context { details.append("context: \(context)") }
        switch error.kind {
        case .connection, .connectionLost:
            return MMError(.unavailable, "The database connection failed: \(error.message)", details: details)
        case .client:
            return MMError(.internalError, "Unexpected database result: \(error.message)", details: details)
        case .server:
            let category: MMError.Category
            switch error.sqlState?.errorClass {
            case "22", "23": category = .dataError
            case "08", "57": category = .unavailable
            default: category = error.sqlState == .lockNotAvailable ? .busy : .internalError
            }
            return MMError(category, "The database refused the operation: \(error.message)", details: details)
        }
    }
}
