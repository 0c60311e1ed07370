import PostgresClient

/// The SQL of one kind of program-data import (cohorts, enrollments, mentors, sessions,
/// outcomes), run in order inside the import's transaction over its staging table, whose
/// columns are the kind's fields.
public protocol ProgramImportStore {
    /// The staging table's name (in `pg_temp`).
    static var stagingTable: String { get }

    init(connection: PostgresConnection)

    /// Resolves the staged rows' references, checks them against each other and the stored
    /// data, and classifies each as new, changed or unchanged.
    func check() throws -> [StagedRowProblem]

    /// What `merge` would change, once `check` found nothing wrong; writes nothing.
    func changes() throws -> ProgramImportCounts

    /// Writes the changes `changes` counted.
    func merge() throws
}
