import MMCalendar
import MMDomain
import MMStore
import PostgresClient

/// Options for one roster import.
public struct RosterImportOptions: Sendable {
    public var asOf: CalendarDate
    /// Only upsert the people in the file; nobody is deactivated for being absent.
    public var partial = false
    public var dryRun = false
    /// Allow an as-of date earlier than the latest roster import's.
    public var backfill = false
    /// nil: detect from the header line.
    public var delimiter: UInt8?
    /// Source header → field, overriding the built-in spellings.
    public var mapping: [String: RosterField] = [:]
    public var dateFormat = DateFormat.iso
    public var lockTimeoutSeconds = 5.0
    /// Accept an empty full snapshot or one deactivating more than `maximumDeactivationShare`.
    public var confirmDeactivations = false
    public var maximumDeactivationShare = 0.2

    public init(asOf: CalendarDate) {
        self.asOf = asOf
    }
}

/// What a roster import did.
public struct RosterImportResult: Sendable {
    public enum Outcome: Sendable, Equatable {
        case imported(importID: Int)
        /// The same content was already imported with the same as-of date; nothing changed.
        case alreadyImported(importID: Int)
        /// Every row matched what is stored; nothing was written or logged.
        case unchanged
        case dryRun
    }

    public let outcome: Outcome
    public let counts: ImportCounts
    /// Columns the file has that no field uses.
    public let ignoredHeaders: [String]
    /// For a dry run: example employee ids per kind of change.
    public let samples: [(kind: String, employeeIDs: [String])]
}

/// Imports an HR roster export through the import pipeline (`ImportPipeline`, with the
/// roster's own validator, checks and merge): all or nothing, in one transaction under the
/// import lock.
public struct RosterImporter {
    let pipeline: ImportPipeline

    /// `progress` is called with the number of rows read so far, every few thousand rows.
    public init(connection: PostgresConnection, progress: ((Int) -> Void)? = nil) {
        pipeline = ImportPipeline(connection: connection, progress: progress)
    }

    public func run(_ file: InputFile, options: RosterImportOptions) throws -> RosterImportResult {
        let connection = pipeline.connection
        let pipelineOptions = PipelineOptions(dryRun: options.dryRun, delimiter: options.delimiter,
                                              lockTimeoutSeconds: options.lockTimeoutSeconds)
        let (outcome, ignoredHeaders) = try pipeline.run(file, options: pipelineOptions) { headers throws(UnmappableHeaders) in
            RosterRun(options: options, mapping: try HeaderMapping(headers: headers, explicit: options.mapping),
                      store: RosterStore(connection: connection), log: ImportLog(connection: connection))
        }
        switch outcome {
        case .imported(let importID, let changes):
            return RosterImportResult(outcome: .imported(importID: importID), counts: changes.counts,
                                      ignoredHeaders: ignoredHeaders, samples: [])
        case .alreadyImported(let importID):
            return RosterImportResult(outcome: .alreadyImported(importID: importID), counts: ImportCounts(),
                                      ignoredHeaders: ignoredHeaders, samples: [])
        case .unchanged(let changes):
            return RosterImportResult(outcome: .unchanged, counts: changes.counts, ignoredHeaders: ignoredHeaders, samples: [])
        case .dryRun(let changes):
            return RosterImportResult(outcome: .dryRun, counts: changes.counts, ignoredHeaders: ignoredHeaders,
                                      samples: changes.samples)
        }
    }
}
