/// What a program import changed (or, in a dry run, would change).
public struct ProgramImportCounts: Sendable, Equatable {
    public var rowsRead = 0
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    /// People enrolled in a cohort because a session named it.
    public var enrolled = 0
    /// Rows accepted with a warning, each with its message.
    public var warnings: [String] = []

    public init() {}

    public var changesSomething: Bool { inserted + updated + enrolled > 0 }

    public var summary: String {
        var text = "\(rowsRead) row\(rowsRead == 1 ? "" : "s") read: \(inserted) new, \(updated) updated, \(unchanged) unchanged"
        if enrolled > 0 { text += ", \(enrolled) cohort enrolments added" }
        return text
    }
}
