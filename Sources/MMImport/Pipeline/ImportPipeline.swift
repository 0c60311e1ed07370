import MMDomain
import MMStore
import PostgresClient

/// How an import runs, whatever its kind.
struct PipelineOptions {
    var dryRun = false
    /// nil: detect from the header line.
    var delimiter: UInt8?
    var lockTimeoutSeconds = 5.0
}

/// What an import did.
enum PipelineOutcome<Changes: ImportChanges> {
    case imported(importID: Int, Changes)
    /// An earlier import of the same file made this one moot; nothing was read or changed.
    case alreadyImported(importID: Int)
    /// Every row matched what is stored; nothing was written or logged.
    case unchanged(Changes)
    /// What would have changed; nothing was written or logged.
    case dryRun(Changes)
}

/// The one way every kind of file is imported: read the header, map it to the kind's fields,
/// then in one transaction under the import lock: validate every record (line and column) and
/// stream it into a staging table, run the kind's set-based checks, count the changes, and, unless
/// it is a dry run or nothing changes, log the import and merge. Any problem, and a dry run,
/// leaves the database as it was; all problems are reported together.
struct ImportPipeline {
    let connection: PostgresConnection
    /// Called with the number of records read so far, every few thousand.
    let progress: ((Int) -> Void)?

    /// Rollback of a run that ends without writing (a dry run, an unchanged file).
    private struct RollBack: Error {}

    /// Imports `file` with the run `start` makes from its header row.
    func run<Run: ImportRun>(_ file: InputFile, options: PipelineOptions,
                             start: ([String]) throws(UnmappableHeaders) -> Run)
        throws -> (outcome: PipelineOutcome<Run.Changes>, ignoredHeaders: [String]) {
        var reader = CSVReader(data: file.data, delimiter: options.delimiter)
        let headers = try Self.headers(of: file, reader: &reader)
        var run: Run
        do {
            run = try start(headers)
        } catch {
            throw ImportRejected(file: file.name, problems: error.problems)
        }
        var endedWithoutWriting: PipelineOutcome<Run.Changes>?
        do {
            let outcome = try connection.transaction { () throws -> PipelineOutcome<Run.Changes> in
                try ImportLock(connection: connection).acquire(timeoutSeconds: options.lockTimeoutSeconds)
                if let earlier = try run.earlierImport(of: file) { return .alreadyImported(importID: earlier) }
                try ImportMemory.reserve(forFileBytes: file.data.count, connection: connection)
                let (table, validator) = try run.stage(file)
                let staged = try stage(reader, into: table, validator: validator, headers: headers)
                let problems = staged.problems + (try run.check(staged.validator))
                guard problems.isEmpty else { throw ImportRejected(file: file.name, problems: problems) }
                let changes = try run.changes(staged.validator, rowsRead: staged.rowsRead, stagedRows: staged.rows)
                if options.dryRun || !changes.counts.changesSomething {
                    endedWithoutWriting = options.dryRun ? .dryRun(changes) : .unchanged(changes)
                    throw RollBack()
                }
                let log = ImportLog(connection: connection)
                let importID = try log.write(kind: run.kind, fileName: file.name, sha256: file.sha256, asOf: run.asOf,
                                             partial: run.partial, counts: changes.counts)
                try run.merge(changes, importID: importID)
                try log.finish(importID)
                return .imported(importID: importID, changes)
            }
            return (outcome, run.ignoredHeaders)
        } catch is RollBack {
            return (endedWithoutWriting!, run.ignoredHeaders)
        }
    }

    /// The header row, as written less surrounding spaces; an empty file or a malformed header
    /// rejects the file.
    private static func headers(of file: InputFile, reader: inout CSVReader) throws -> [String] {
        var fields: [CSVReader.Field] = []
        do {
            guard try reader.nextRecord(into: &fields) != nil else {
                throw ImportRejected(file: file.name, problems: [
                    ImportProblem(line: 1, column: nil, message: "the file is empty; it needs a header row"),
                ])
            }
        } catch let error as CSVReader.SyntaxError {
            throw ImportRejected(file: file.name, problems: [ImportProblem(line: error.line, column: nil, message: error.message)])
        }
        return fields.map { reader.string($0, trimmed: true) ?? "" }
    }

    /// The records after the header, validated and copied into the staging table.
    private struct Staged<Validator: RowValidator> {
        var validator: Validator
        var rowsRead = 0
        /// Rows the staging table received (records with problems may be left out).
        var rows = 0
        /// Problems the validator cannot see: malformed CSV, records of the wrong width.
        var problems: [ImportProblem] = []
    }

    private func stage<Validator: RowValidator>(_ reader: CSVReader, into table: StagingTable, validator: Validator,
                                                headers: [String]) throws -> Staged<Validator> {
        var reader = reader
        var staged = Staged(validator: validator)
        staged.rows = try table.copy { writer in
            var fields: [CSVReader.Field] = []
            var rows = CopyTextEncoder()
            do {
                while let line = try reader.nextRecord(into: &fields) {
                    staged.rowsRead += 1
                    if let column = fields.firstIndex(where: reader.containsNUL) {
                        // Caught here, with the file's line and column, before COPY refuses it
                        // with its own staging-table line.
                        staged.problems.append(ImportProblem(line: line, column: headers.indices.contains(column) ? headers[column] : nil,
                                                             message: "contains a NUL byte (is this a binary or damaged file?)"))
                    } else if fields.count == headers.count {
                        staged.validator.validate(line: line, fields: fields, reader: reader, into: &rows)
                        if rows.isFull { try writer.send(&rows) }
                    } else {
                        staged.problems.append(ImportProblem(line: line, column: nil,
                                                             message: "has \(fields.count) fields but the header has \(headers.count)"))
                    }
                    if staged.rowsRead % 5_000 == 0 { progress?(staged.rowsRead) }
                }
            } catch let error as CSVReader.SyntaxError {
                staged.problems.append(ImportProblem(line: error.line, column: nil, message: error.message))
            }
            try writer.send(&rows)
        }
        progress?(staged.rowsRead)
        staged.problems += staged.validator.problems
        return staged
    }
}
