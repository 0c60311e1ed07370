import Foundation
import MMDomain
import MMStore
import PostgresClient

/// The CSV imports of program data (DESIGN.md: cohorts, enrollments, mentors, sessions, outcomes).
public enum ProgramImportKind: String, CaseIterable, Sendable {
    case cohorts
    case enrollments
    case mentors
    case sessions
    case outcomes

    var handler: any ProgramImportHandler.Type {
        switch self {
        case .cohorts: return CohortsImport.self
        case .enrollments: return EnrollmentsImport.self
        case .mentors: return MentorsImport.self
        case .sessions: return SessionsImport.self
        case .outcomes: return OutcomesImport.self
        }
    }

    /// The accepted headers, for help texts.
    public var fieldDescriptions: [String] {
        handler.spec.fields.map { field in
            let spellings = field.aliases.dropFirst().prefix(3)
            return field.name + (field.required ? " (required)" : "")
                + (spellings.isEmpty ? "" : "; also " + spellings.joined(separator: ", "))
        }
    }
}

/// One kind of program import: its fields, its set-based checks and its merge.
protocol ProgramImportHandler {
    static var spec: ImportSpec { get }
    /// Resolves references in the staged rows and adds the problems found.
    static func check(_ staged: inout StagedFile, _ sql: ImportSQL) throws
    /// Writes the changes and returns what changed.
    static func merge(_ sql: ImportSQL) throws -> ProgramImportCounts
}

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

/// Options for a program import.
public struct ProgramImportOptions: Sendable {
    public var dryRun = false
    public var delimiter: UInt8?
    public var lockTimeoutSeconds = 5.0

    public init() {}
}

public struct ProgramImportResult: Sendable {
    public enum Outcome: Sendable, Equatable {
        case imported(importID: Int)
        /// Every row matched what is stored; nothing was written.
        case unchanged
        case dryRun
    }

    public let outcome: Outcome
    public let counts: ProgramImportCounts
    public let ignoredHeaders: [String]
}

/// Runs a program import: stage with COPY, check set-based, merge, log; all in one transaction
/// under the import lock, so any problem leaves the database as it was.
public struct ProgramImporter {
    let connection: PostgresConnection
    let progress: ((Int) -> Void)?

    public init(connection: PostgresConnection, progress: ((Int) -> Void)? = nil) {
        self.connection = connection
        self.progress = progress
    }

    private struct RollBack: Error {
        let result: ProgramImportResult
    }

    public func run(_ kind: ProgramImportKind, file: InputFile, options: ProgramImportOptions) throws -> ProgramImportResult {
        let handler = kind.handler
        do {
            return try connection.transaction {
                try ImportLock.acquire(connection, timeoutSeconds: options.lockTimeoutSeconds)
                try connection.execute("SELECT set_config('work_mem', '64MB', true)")
                var staged = try StagedFile.stage(file, spec: handler.spec, delimiter: options.delimiter,
                                                  connection: connection, progress: progress)
                let sql = ImportSQL(connection: connection)
                try handler.check(&staged, sql)
                guard staged.problems.isEmpty else { throw ImportRejected(file: file.name, problems: staged.problems) }
                var counts = try handler.merge(sql)
                counts.rowsRead = staged.rowsRead
                if options.dryRun {
                    throw RollBack(result: ProgramImportResult(outcome: .dryRun, counts: counts, ignoredHeaders: staged.ignoredHeaders))
                }
                guard counts.changesSomething else {
                    throw RollBack(result: ProgramImportResult(outcome: .unchanged, counts: counts, ignoredHeaders: staged.ignoredHeaders))
                }
                let importID = try sql.logImport(kind: kind.rawValue, file: file, counts: counts)
                return ProgramImportResult(outcome: .imported(importID: importID), counts: counts,
                                           ignoredHeaders: staged.ignoredHeaders)
            }
        } catch let rollBack as RollBack {
            return rollBack.result
        }
    }
}
