import MMDomain
import MMStore
import PostgresClient

/// Undoes an import: the latest of its kind, while nothing later builds on it.
public struct ImportUndo {
    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// The kinds whose later imports build on an import of `kind` (its own kind included: only
    /// the latest import of a kind can be undone). People are referred to by enrolments, mentor
    /// profiles and sessions; cohorts by enrolments and sessions (which enrol people); sessions
    /// by outcomes.
    public static func dependentKinds(of kind: String) -> [String] {
        switch kind {
        case "roster": return ["roster", "enrollments", "mentors", "sessions"]
        case "cohorts": return ["cohorts", "enrollments", "sessions"]
        case "enrollments": return ["enrollments", "sessions"]
        case "sessions": return ["sessions", "outcomes"]
        default: return [kind]
        }
    }

    /// Reverts import `importID` in one transaction under the import lock (so an import or
    /// another undo cannot run meanwhile; a second undo of the same import then finds it undone).
    public func undo(_ importID: Int, lockTimeoutSeconds: Double = 5) throws -> (kind: String, tables: [ImportHistory.UndoneTable]) {
        try connection.transaction {
            try ImportLock(connection: connection).acquire(timeoutSeconds: lockTimeoutSeconds)
            let history = ImportHistory(connection: connection)
            let kind = try history.kind(of: importID)
            return (kind, try history.undo(importID, dependentKinds: Self.dependentKinds(of: kind)))
        }
    }
}
