/// What an import changed (or, in a dry run, would change), as the import log records it.
/// Only the roster reactivates and deactivates; only sessions enrol people.
public struct ImportCounts: Sendable, Equatable {
    public var rowsRead = 0
    public var inserted = 0
    public var updated = 0
    public var reactivated = 0
    public var deactivated = 0
    public var unchanged = 0
    /// People enrolled in a cohort because a session named it.
    public var enrolled = 0
    /// Rows accepted with a warning, each with its message.
    public var warnings: [String] = []

    public init() {}

    /// Whether the import changes any stored row.
    public var changesSomething: Bool { inserted + updated + reactivated + deactivated + enrolled > 0 }
}
