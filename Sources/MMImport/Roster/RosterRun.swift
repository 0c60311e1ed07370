import Foundation
import MMCalendar
import MMDomain
import MMStore
import PostgresClient

/// What a roster import changes.
struct RosterChanges: ImportChanges {
    let counts: ImportCounts
    /// For a dry run: example employee ids per kind of change.
    let samples: [(kind: String, employeeIDs: [String])]
}

/// A roster import in the pipeline: its records checked and encoded by
/// `RosterRecordValidator`, then compared with the stored people and history as of a day.
struct RosterRun: ImportRun {
    let options: RosterImportOptions
    let mapping: HeaderMapping
    let store: RosterStore
    let log: ImportLog
    /// The latest roster import's as-of date, read under the lock.
    private var previous: CalendarDate?
    /// Whether nobody was stored, so every staged row is new.
    private var firstRoster = false
    private var fileName = ""

    init(options: RosterImportOptions, mapping: HeaderMapping, store: RosterStore, log: ImportLog) {
        self.options = options
        self.mapping = mapping
        self.store = store
        self.log = log
    }

    var kind: String { "roster" }
    var asOf: CalendarDate? { options.asOf }
    var partial: Bool { options.partial }
    var ignoredHeaders: [String] { mapping.ignoredHeaders }

    /// The same content for the same day was loaded before (even with later rosters since):
    /// importing it again changes nothing.
    mutating func earlierImport(of file: InputFile) throws -> Int? {
        guard !options.dryRun else { return nil }
        return try log.sameImport(kind: kind, sha256: file.sha256, asOf: options.asOf, partial: options.partial)
    }

    mutating func stage(_ file: InputFile) throws -> (StagingTable, RosterRecordValidator) {
        fileName = file.name
        previous = try log.latestAsOf(kind: kind)
        // Roster rows run to about a hundred bytes.
        let validator = RosterRecordValidator(mapping: mapping, asOf: options.asOf, dateFormat: options.dateFormat,
                                              expectedRows: file.data.count / 100)
        return (try store.createStage(), validator)
    }

    mutating func check(_ validator: RosterRecordValidator) throws -> [ImportProblem] {
        var problems: [ImportProblem] = []
        if let previous, options.asOf < previous, !options.backfill {
            problems.append(ImportProblem(line: nil, column: nil, message: "the as-of date \(options.asOf) is earlier than "
                                          + "the latest roster import's (\(previous))", remedy: .backfill))
        }
        // Classifying first lets the database checks look at new and changed rows only.
        firstRoster = try store.computeChanges(asOf: options.asOf, latest: previous, partial: options.partial,
                                               undatedLeavers: validator.undatedLeavers > 0)
        let emailColumn = mapping.header(of: .email), managerColumn = mapping.header(of: .managerID)
        for conflict in try store.emailConflicts() {
            problems.append(ImportProblem(line: conflict.line, column: emailColumn,
                                          message: "the e-mail address \(conflict.email) already belongs to employee \(conflict.holder)"))
        }
        let people = validator.people
        let managers = people.resolvedManagers()
        let outsiders = FilePeople.outsiders(among: managers)
        let unknown = try store.unknownEmployees(outsiders)
        for (index, manager) in managers.enumerated() {
            guard case .outsider(let managerID) = manager, unknown.contains(managerID) else { continue }
            problems.append(ImportProblem(line: people.lines[index], column: managerColumn,
                                          message: "the manager \(managerID) is neither in this file nor a known employee"))
        }
        let storedLinks = try store.storedChains(above: outsiders.filter { !unknown.contains($0) })
        for cycle in ManagerCycles.find(in: people, managers: managers, storedLinks: storedLinks) where cycle.count > 1 {
            problems.append(ImportProblem(line: people.index(of: cycle[0]).map { people.lines[$0] }, column: managerColumn,
                                          message: "management cycle: " + (cycle + [cycle[0]]).joined(separator: " → ")))
        }
        return problems
    }

    /// The counts; a full snapshot that is empty or deactivates too many people is refused
    /// unless confirmed.
    mutating func changes(_ validator: RosterRecordValidator, rowsRead: Int, stagedRows: Int) throws -> RosterChanges {
        if rowsRead == 0, !options.partial, !options.confirmDeactivations {
            throw MMError(.dataError, "\(fileName) has no data rows; as a full snapshot it would deactivate everyone.",
                          details: ["Nothing was changed."], remedy: .confirmDeactivationsOrImportPartial)
        }
        let counts = try store.counts(rowsRead: rowsRead, firstRosterRows: firstRoster ? stagedRows : nil)
        if !options.partial, !options.confirmDeactivations {
            let active = try store.activeCount(asOf: options.asOf)
            let share = active == 0 ? 0 : Double(counts.deactivated) / Double(active)
            if share > options.maximumDeactivationShare {
                throw MMError(
                    .dataError,
                    "\(fileName) would deactivate \(counts.deactivated) of \(active) active people (\(Self.percent(share))), "
                        + "more than the \(Self.percent(options.maximumDeactivationShare)) limit.",
                    details: ["Nothing was changed. A truncated export must not empty the program."],
                    remedy: .confirmDeactivationsOrImportPartial)
            }
        }
        return RosterChanges(counts: counts, samples: options.dryRun ? try store.samples(limit: 5) : [])
    }

    func merge(_ changes: RosterChanges, importID: Int) throws {
        try store.apply(asOf: options.asOf, importID: importID, counts: changes.counts)
        let counts = changes.counts
        try store.refreshStatisticsIfStale(changedRows: counts.inserted + counts.updated + counts.reactivated + counts.deactivated)
    }

    static func percent(_ share: Double) -> String {
        String(format: "%.1f %%", share * 100)
    }
}
