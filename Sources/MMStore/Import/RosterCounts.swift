import MMDomain
import Foundation
import PostgresClient

/// What an import changed (or, in a dry run, would change).
public struct RosterCounts: Sendable, Equatable {
    public var rowsRead = 0
    public var inserted = 0
    public var updated = 0
    public var reactivated = 0
    public var deactivated = 0
    public var unchanged = 0

    public init() {}

    /// Whether the import changes anything.
    public var changesSomething: Bool { inserted + updated + reactivated + deactivated > 0 }

    public var summary: String {
        "\(rowsRead) row\(rowsRead == 1 ? "" : "s") read: \(inserted) new, \(updated) updated, \(reactivated) reactivated, "
            + "\(deactivated) deactivated, \(unchanged) unchanged"
    }
}
