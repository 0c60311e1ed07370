/// A way out of an error, as data. Libraries say what would help ("allow people who have
/// left", "enrol this person"); the command line turns it into the flag or command to type.
public enum Remedy: Sendable, Equatable {
    /// Load employees from a roster first.
    case importRoster
    /// See the cohorts' names and ids.
    case listCohorts
    /// See the metrics' names.
    case listMetrics
    /// Enrol the person in the cohort, in `role` when known.
    case enrol(cohort: String, employeeID: String, role: ProgramRole?)
    /// Accept people who are no longer employed (recording a past fact).
    case allowInactive
    /// Start the project-local cluster, or name a database server.
    case startLocalClusterOrConfigureDatabase
    /// Apply the pending migrations.
    case migrateDatabase
    /// Wait longer for the import lock.
    case waitLongerForLock
    /// Confirm that the roster really deactivates people, or import it as a partial roster.
    case confirmDeactivationsOrImportPartial
    /// Import with backfilling allowed (history older than the latest roster).
    case backfill
    /// Name the file's date format.
    case nameDateFormat
    /// Map one of the file's headers to `field`.
    case mapHeader(field: String)
    /// Say which of the file's columns `headers` (all candidates) feeds `field`.
    case chooseColumn(field: String, headers: [String])
    /// Name the day of a matching round.
    case nameRoundDay
    /// Create a mentor profile for the person.
    case createMentorProfile(employeeID: String)
    /// Undo the later import `number` first.
    case undoImport(number: Int)
}
