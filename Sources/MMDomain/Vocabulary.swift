/// The program's vocabulary: the values DESIGN.md names, shared by the command line, the
/// imports and the store so that a new format or status is added in one place.

/// How a session took place.
public enum SessionFormat: String, CaseIterable, Sendable {
    case coffeeChat = "coffee_chat"
    case call
    case video
    case qa
    case walk
    case chat
    case inPerson = "in_person"
    case other
    /// The source did not say: what an import stores for a session whose file has no format,
    /// rather than inventing one.
    case unknown

    /// Logged sessions without a format are coffee chats, the program's typical exchange
    /// (`session log` documents it); imports never assume it.
    public static let `default` = SessionFormat.coffeeChat
}

/// Where a session stands. Only completed sessions count as having met.
public enum SessionStatus: String, CaseIterable, Sendable {
    case scheduled
    case completed
    case cancelled
    case noShow = "no_show"

    /// Logged and imported sessions without a status were held.
    public static let `default` = SessionStatus.completed
}

/// A person's role in a cohort.
public enum ProgramRole: String, CaseIterable, Sendable {
    case mentor
    case mentee
}

/// A mentor's load in a month against the capacity in force that month
/// (`mm.load_band`, sql/definitions/070_mentor_load.sql, decides it).
public enum LoadBand: String, CaseIterable, Sendable {
    /// No load at all.
    case idle
    /// Some load, below capacity.
    case under
    /// Load equal to capacity.
    case at
    /// Load above capacity.
    case over
}

/// The files of program data mmadmin imports besides the roster; the import log records each
/// import under its raw value.
public enum ProgramImportKind: String, CaseIterable, Sendable {
    case cohorts
    case enrollments
    case mentors
    case sessions
    case outcomes
}

/// Limits and defaults that several parts enforce alike.
public enum ProgramLimits {
    /// Sessions last 1 to 480 minutes.
    public static let sessionMinutes = 1...480
    /// Ratings are 1 to 5.
    public static let rating = 1...5
    /// Outcome notes hold up to 4,000 characters.
    public static let noteLength = 4000
    /// A report's manager's commentary (`report monthly --notes`) holds up to 20,000 characters.
    public static let reportNotesLength = 20_000
    /// A new mentor profile offers four sessions a month.
    public static let defaultMonthlyCapacity = 4
    /// A mentor's monthly capacity is 0 to 100 sessions.
    public static let monthlyCapacity = 0...100
    /// Matching avoids pairs who met within this many days (setting `match.cooldown_days`).
    public static let defaultCooldownDays = 90
    /// How long an import waits for another to finish before giving up.
    public static let defaultLockTimeoutSeconds = 5.0
    /// A full roster may deactivate at most this share of the active people unless confirmed.
    public static let defaultMaximumDeactivationShare = 0.2
    /// Groups smaller than this show no figures; the configured threshold never goes below it.
    public static let smallGroupThresholdFloor = 3
}
