import MMCalendar
import MMDomain
import MMStore
import PostgresClient

/// One run of one kind of import: what `ImportPipeline` leaves to the kind. The pipeline
/// creates it from the file's header row and calls it in the order listed, inside the import's
/// transaction and under the import lock.
protocol ImportRun {
    associatedtype Validator: RowValidator
    associatedtype Changes: ImportChanges

    /// The import log's name for the kind (`roster`, `sessions`, …).
    var kind: String { get }
    /// Columns of the file that no field uses.
    var ignoredHeaders: [String] { get }
    /// The day the file describes, for the import log (a roster's as-of date).
    var asOf: CalendarDate? { get }
    /// Whether the file lists only some of what it describes (a partial roster).
    var partial: Bool { get }

    /// An earlier import that makes this one moot (the same roster for the same day), if any.
    mutating func earlierImport(of file: InputFile) throws -> Int?

    /// Creates the staging table, and the validator that checks the file's records and
    /// encodes them as its rows.
    mutating func stage(_ file: InputFile) throws -> (StagingTable, Validator)

    /// The set-based checks of the staged rows (references, conflicts with stored data).
    mutating func check(_ validator: Validator) throws -> [ImportProblem]

    /// What the import would change, once no problem was found; may refuse the import with an
    /// `MMError` (a change too large to make unconfirmed). Writes nothing lasting.
    mutating func changes(_ validator: Validator, rowsRead: Int, stagedRows: Int) throws -> Changes

    /// Writes `changes`, which the import log records as `importID`.
    func merge(_ changes: Changes, importID: Int) throws
}

/// Only the roster describes a day, may be partial, and may have been imported before.
extension ImportRun {
    var asOf: CalendarDate? { nil }
    var partial: Bool { false }
    func earlierImport(of file: InputFile) throws -> Int? { nil }
}

/// What an import changes, as far as the pipeline needs to know.
protocol ImportChanges: Sendable {
    /// What the import log records; an import that changes no stored row is not logged.
    var counts: ImportCounts { get }
}

extension ImportCounts: ImportChanges {
    var counts: ImportCounts { self }
}

/// Checks a kind's records one at a time and encodes each as a row of its staging table.
protocol RowValidator {
    /// Every problem found so far, with file line and column.
    var problems: [ImportProblem] { get }

    /// Checks the record on `line` (as many fields as the header) and appends it to `rows` as
    /// one whole row (`line` first, then the staging columns in order), or appends nothing.
    mutating func validate(line: Int, fields: [CSVReader.Field], reader: CSVReader, into rows: inout CopyTextEncoder)
}

/// Why a header row cannot be mapped to a kind's fields; the pipeline reports the problems
/// with the file's name.
public struct UnmappableHeaders: Error, Sendable {
    public let problems: [ImportProblem]
}
