import MMCalendar
import Foundation
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
        case dryRun
    }

    public let outcome: Outcome
    public let counts: RosterCounts
    /// Columns the file has that no field uses.
    public let ignoredHeaders: [String]
    /// For a dry run: example employee ids per kind of change.
    public let samples: [(kind: String, employeeIDs: [String])]
}

/// Imports an HR roster export: reads and validates the CSV, stages it with COPY, checks it
/// against the database with set-based SQL, and merges it in one transaction under the import
/// lock. Any problem leaves the database exactly as it was.
public struct RosterImporter {
    let connection: PostgresConnection
    /// Called with the number of rows read so far, every few thousand rows.
    var progress: ((Int) -> Void)?

    public init(connection: PostgresConnection, progress: ((Int) -> Void)? = nil) {
        self.connection = connection
        self.progress = progress
    }

    /// A private signal to roll back a dry run after its report is made.
    private struct DryRunFinished: Error {
        let result: RosterImportResult
    }

    public func run(_ file: InputFile, options: RosterImportOptions) throws -> RosterImportResult {
        var reader = CSVReader(data: file.data, delimiter: options.delimiter)
        var fields: [CSVReader.Field] = []
        let headers: [String]
        do {
            guard try reader.nextRecord(into: &fields) != nil else {
                throw ImportRejected(file: file.name, problems: [ImportProblem(line: 1, column: nil, message: "the file is empty; a roster needs a header row")])
            }
            headers = fields.map { reader.string($0) ?? "" }
        } catch let error as CSVReader.SyntaxError {
            throw ImportRejected(file: file.name, problems: [ImportProblem(line: error.line, column: nil, message: error.message)])
        }
        let mapping: HeaderMapping
        do {
            mapping = try HeaderMapping(headers: headers, explicit: options.mapping)
        } catch {
            throw ImportRejected(file: file.name, problems: error.problems)
        }
        do {
            return try connection.transaction {
                try ImportLock.acquire(connection, timeoutSeconds: options.lockTimeoutSeconds)
                return try merge(file, reader: reader, mapping: mapping, options: options)
            }
        } catch let finished as DryRunFinished {
            return finished.result
        }
    }

    private func merge(_ file: InputFile, reader: CSVReader, mapping: HeaderMapping,
                       options: RosterImportOptions) throws -> RosterImportResult {
        var reader = reader
        let repository = RosterRepository(connection: connection)
        let previous = try repository.latestImport()
        // The same content for the same day was loaded before (even with later rosters since):
        // importing it again changes nothing.
        if !options.dryRun,
           let earlier = try repository.sameImport(sha256: file.sha256, asOf: options.asOf, partial: options.partial) {
            return RosterImportResult(outcome: .alreadyImported(importID: earlier), counts: RosterCounts(),
                                      ignoredHeaders: mapping.ignoredHeaders, samples: [])
        }
        // Roster rows run to about a hundred bytes.
        var validator = RosterRecordValidator(mapping: mapping, asOf: options.asOf, dateFormat: options.dateFormat,
                                              expectedRows: file.data.count / 100)
        if let previous, options.asOf < previous, !options.backfill {
            validator.report(nil, nil, "the as-of date \(options.asOf) is earlier than the latest roster import's "
                             + "(\(previous))", remedy: .backfill)
        }

        try repository.createStage(fileBytes: file.data.count)
        let staged = try repository.copyIntoStage { writer in
            var fields: [CSVReader.Field] = []
            var rows = CopyTextEncoder()
            do {
                while let line = try reader.nextRecord(into: &fields) {
                    validator.validate(line: line, fields: fields, reader: reader, into: &rows)
                    if rows.isFull { try writer.send(&rows) }
                    if validator.rowsRead % 5000 == 0 { progress?(validator.rowsRead) }
                }
            } catch let error as CSVReader.SyntaxError {
                validator.report(error.line, nil, error.message)
            }
            try writer.send(&rows)
        }
        progress?(validator.rowsRead)

        // Classifying first lets the database checks look at new and changed rows only.
        let firstRoster = try repository.computeChanges(asOf: options.asOf, latest: previous, partial: options.partial,
                                                        undatedLeavers: validator.undatedLeavers > 0)
        var problems = validator.problems
        let emailColumn = mapping.columns[.email]?.first.map { mapping.headers[$0] }
        let managerColumn = mapping.columns[.managerID]?.first.map { mapping.headers[$0] }
        for conflict in try repository.emailConflicts() {
            problems.append(ImportProblem(line: conflict.line, column: emailColumn,
                                          message: "the e-mail address \(conflict.email) already belongs to employee \(conflict.holder)"))
        }
        let people = validator.people
        let managers = people.resolvedManagers()
        let outsiders = FilePeople.outsiders(among: managers)
        let unknown = try repository.unknownEmployees(outsiders)
        for (index, manager) in managers.enumerated() {
            guard case .outsider(let managerID) = manager, unknown.contains(managerID) else { continue }
            problems.append(ImportProblem(line: people.lines[index], column: managerColumn,
                                          message: "the manager \(managerID) is neither in this file nor a known employee"))
        }
        let storedLinks = try repository.storedChains(above: outsiders.filter { !unknown.contains($0) })
        for cycle in ManagerCycles.find(in: people, managers: managers, storedLinks: storedLinks) where cycle.count > 1 {
            problems.append(ImportProblem(line: people.index(of: cycle[0]).map { people.lines[$0] }, column: managerColumn,
                                          message: "management cycle: " + (cycle + [cycle[0]]).joined(separator: " → ")))
        }
        guard problems.isEmpty else { throw ImportRejected(file: file.name, problems: problems) }

        if validator.rowsRead == 0, !options.partial, !options.confirmDeactivations {
            throw MMError(.dataError, "\(file.name) has no data rows; as a full snapshot it would deactivate everyone.",
                          details: ["Nothing was changed."], remedy: .confirmDeactivationsOrImportPartial)
        }
        let counts = try repository.counts(rowsRead: validator.rowsRead, firstRosterRows: firstRoster ? staged : nil)
        if !options.partial, !options.confirmDeactivations {
            let active = try repository.activeCount(asOf: options.asOf)
            let share = active == 0 ? 0 : Double(counts.deactivated) / Double(active)
            if share > options.maximumDeactivationShare {
                throw MMError(
                    .dataError,
                    "\(file.name) would deactivate \(counts.deactivated) of \(active) active people (\(Self.percent(share))), "
                        + "more than the \(Self.percent(options.maximumDeactivationShare)) limit.",
                    details: ["Nothing was changed. A truncated export must not empty the program."],
                    remedy: .confirmDeactivationsOrImportPartial)
            }
        }
        if options.dryRun {
            throw DryRunFinished(result: RosterImportResult(
                outcome: .dryRun, counts: counts, ignoredHeaders: mapping.ignoredHeaders,
                samples: try repository.samples(limit: 5)))
        }
        let importID = try repository.logImport(file: file, asOf: options.asOf, partial: options.partial,
                                                counts: counts, osUser: ProcessInfo.processInfo.environment["USER"])
        try repository.apply(asOf: options.asOf, importID: importID, counts: counts)
        try repository.refreshStatisticsIfStale(changedRows: counts.inserted + counts.updated + counts.reactivated
                                                    + counts.deactivated)
        return RosterImportResult(outcome: .imported(importID: importID), counts: counts,
                                  ignoredHeaders: mapping.ignoredHeaders, samples: [])
    }

    static func percent(_ share: Double) -> String {
        String(format: "%.1f %%", share * 100)
    }
}
