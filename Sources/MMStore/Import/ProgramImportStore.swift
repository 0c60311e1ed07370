import MMDomain
import PostgresClient

/// The SQL of a program-data import (cohorts, enrollments, mentors, sessions, outcomes), run
/// in order inside the import's transaction over its staging table, whose columns are the
/// kind's fields.
public struct ProgramImportStore {
    let sql: any ProgramKindSQL.Type
    let rows: StagedRows

    public init(_ kind: ProgramImportKind, connection: PostgresConnection) {
        switch kind {
        case .cohorts: sql = CohortsImportSQL.self
        case .enrollments: sql = EnrollmentsImportSQL.self
        case .mentors: sql = MentorsImportSQL.self
        case .sessions: sql = SessionsImportSQL.self
        case .outcomes: sql = OutcomesImportSQL.self
        }
        rows = StagedRows(connection: connection)
    }

    /// The staging table's name (in `pg_temp`).
    public var stagingTable: String { sql.stagingTable }

    /// Resolves the staged rows' references, checks them against each other and the stored
    /// data, and classifies each as new, changed or unchanged.
    public func check() throws -> [StagedRowProblem] { try sql.check(rows) }

    /// What `merge` would change, once `check` found nothing wrong; writes nothing.
    public func changes() throws -> ImportCounts { try sql.changes(rows) }

    /// Writes the changes `changes` counted.
    public func merge() throws { try sql.merge(rows) }
}

/// One program kind's statements (`ProgramImportStore` documents each step).
protocol ProgramKindSQL {
    static var stagingTable: String { get }
    static func check(_ rows: StagedRows) throws -> [StagedRowProblem]
    static func changes(_ rows: StagedRows) throws -> ImportCounts
    static func merge(_ rows: StagedRows) throws
}
