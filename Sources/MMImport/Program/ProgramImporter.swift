import Foundation
import MMDomain
import MMStore
import PostgresClient

extension ProgramImportKind {
    /// The fields the kind accepts.
    var spec: ImportSpec {
        switch self {
        case .cohorts: return CohortsSpec.spec
        case .enrollments: return EnrollmentsSpec.spec
        case .mentors: return MentorsSpec.spec
        case .sessions: return SessionsSpec.spec
        case .outcomes: return OutcomesSpec.spec
        }
    }

    /// The accepted headers, for help texts: the fields, then the helper columns.
    public var fieldDescriptions: [String] {
        spec.mappableFields.map { field in
            let spellings = field.aliases.dropFirst().prefix(3)
            return field.name + (field.required ? " (required)" : "")
                + (spellings.isEmpty ? "" : "; also " + spellings.joined(separator: ", "))
                + (field.purpose.map { " (\($0))" } ?? "")
        }
    }

    /// Whether the kind's files hold times (sessions, outcomes), which a time zone places.
    public var holdsTimes: Bool {
        spec.mappableFields.contains { $0.kind.isTimestamp }
    }

    /// Parses `--map`/`--mapping` entries (`field=Source Header`, or `Source Header=field`)
    /// against the kind's fields; an unknown field is a usage error.
    public func parseMapping(_ entries: [String]) throws -> [MappingEntries.Entry] {
        try MappingEntries.parse(entries, fields: spec.mappableFields.map(\.name), kind: rawValue)
    }
}

/// Options for a program import.
public struct ProgramImportOptions: Sendable {
    public var dryRun = false
    public var delimiter: UInt8?
    public var lockTimeoutSeconds = 5.0
    /// Explicit columns for fields (`ProgramImportKind.parseMapping`), over the built-in spellings.
    public var mapping: [MappingEntries.Entry] = []
    /// How the file writes dates; ISO `YYYY-MM-DD` is always accepted.
    public var dateFormat: DateFormat = .iso
    /// The zone of times written without an offset, in rows without a time-zone column value.
    public var timeZone: TimeZone = ImportTimeZone.utc

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
    public let counts: ImportCounts
    public let ignoredHeaders: [String]
}

/// Imports a program-data file through the import pipeline (`ImportPipeline`): all or nothing,
/// in one transaction under the import lock.
public struct ProgramImporter {
    let pipeline: ImportPipeline

    /// `progress` is called with the number of rows read so far, every few thousand rows.
    public init(connection: PostgresConnection, progress: ((Int) -> Void)? = nil) {
        pipeline = ImportPipeline(connection: connection, progress: progress)
    }

    public func run(_ kind: ProgramImportKind, file: InputFile, options: ProgramImportOptions) throws -> ProgramImportResult {
        let connection = pipeline.connection
        let context = ValueContext(dateFormat: options.dateFormat, timeZone: options.timeZone)
        let mapping = options.mapping
        let options = PipelineOptions(dryRun: options.dryRun, delimiter: options.delimiter,
                                      lockTimeoutSeconds: options.lockTimeoutSeconds)
        let (outcome, ignoredHeaders) = try pipeline.run(file, options: options) { headers throws(UnmappableHeaders) in
            try ProgramRun(kind, headers: headers, mapping: mapping, context: context, connection: connection)
        }
        switch outcome {
        case .imported(let importID, let counts):
            return ProgramImportResult(outcome: .imported(importID: importID), counts: counts, ignoredHeaders: ignoredHeaders)
        case .unchanged(let counts):
            return ProgramImportResult(outcome: .unchanged, counts: counts, ignoredHeaders: ignoredHeaders)
        case .dryRun(let counts):
            return ProgramImportResult(outcome: .dryRun, counts: counts, ignoredHeaders: ignoredHeaders)
        case .alreadyImported:
            preconditionFailure("program imports are never moot before they are read")
        }
    }
}
