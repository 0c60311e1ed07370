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
    /// data, and classifies each as new, changed or unchanged. Fields in `absentFields` (the
    /// file has no column for them) keep their stored values in rows that exist already: a
    /// file without a description column erases no description.
    public func check(absentFields: Set<String> = []) throws -> [StagedRowProblem] {
        let problems = try sql.check(rows)
        if let kept = sql.keptColumns {
            let columns = kept.columnOfField.filter { absentFields.contains($0.key) }.map(\.value).sorted()
            if !columns.isEmpty { try rows.keepStored(columns, kept) }
        }
        return problems
    }

    /// What `merge` would change, once `check` found nothing wrong; writes nothing.
    public func changes() throws -> ImportCounts { try sql.changes(rows) }

    /// Writes the changes `changes` counted.
    public func merge() throws { try sql.merge(rows) }
}

/// One program kind's statements (`ProgramImportStore` documents each step).
protocol ProgramKindSQL {
    static var stagingTable: String { get }
    /// Where the kind's optional fields are stored, so that a file without them keeps them.
    static var keptColumns: KeptColumns? { get }
    static func check(_ rows: StagedRows) throws -> [StagedRowProblem]
    static func changes(_ rows: StagedRows) throws -> ImportCounts
    static func merge(_ rows: StagedRows) throws
}

extension ProgramKindSQL {
    static var keptColumns: KeptColumns? { nil }
}

/// A kind's table of changes (made by `check`) and the stored table its rows match.
struct KeptColumns {
    /// The table of changes in `pg_temp`, with a `change` column and the stored row's key.
    let changeTable: String
    /// The stored table in `mm`.
    let storedTable: String
    /// The stored row's key: each stored column with the change table's column holding it.
    let key: [(stored: String, changed: String)]
    /// Optional field → its column, named alike in both tables.
    let columnOfField: [String: String]
    /// The columns whose difference makes a row `updated`.
    let compared: [String]
}
