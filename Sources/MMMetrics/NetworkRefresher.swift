import MMCalendar
import MMStore
import PostgresClient

/// Recomputes `mm_metrics.network_monthly` from the completed sessions and roster history.
public struct NetworkRefresher {
    let store: NetworkStore
    let clock: any WallClock

    /// `clock` decides the last complete month, the last one computed.
    public init(connection: PostgresConnection, clock: any WallClock = SystemClock()) {
        store = NetworkStore(connection: connection)
        self.clock = clock
    }

    public enum Outcome: Sendable, Equatable {
        case refreshed(months: Int)
        case upToDate
    }

    /// Whether the stored figures can be relied on.
    public enum StoredFigures: Sendable, Equatable {
        case current
        /// Out of date from this month on (new data since the last refresh, or months not
        /// computed yet).
        case stale(from: CalendarDate)
    }

    /// Makes the stored figures current where the server allows it; on a read-only server (a
    /// hot standby serving reports) writes nothing and says whether they are stale.
    public func prepareForReading() throws -> StoredFigures {
        guard try store.serverIsReadOnly() else {
            _ = try refresh()
            return .current
        }
        return try storedFigures()
    }

    /// What an import leaves behind (`refreshAfterImport`).
    public enum AfterImport: Sendable, Equatable {
        case current
        case refreshed(months: Int)
        /// Left for `metrics refresh`: the change reaches too far back to recompute on the spot.
        case stale(from: CalendarDate)
    }

    /// After an import: recomputes the stored figures when what changed reaches back at most
    /// `recentMonths` complete months (the usual monthly import; measured at about two seconds
    /// at a million sessions), and otherwise leaves them stale for an explicit `metrics
    /// refresh` (a first import or a backfill recomputes years: ten seconds and more).
    public func refreshAfterImport(recentMonths: Int = 3) throws -> AfterImport {
        guard case .stale(let from) = try storedFigures() else { return .current }
        guard from >= clock.lastCompleteMonth.addingMonths(1 - recentMonths) else { return .stale(from: from) }
        switch try refresh() {
        case .refreshed(let months): return .refreshed(months: months)
        case .upToDate: return .current
        }
    }

    /// The state of the stored figures, read without writing anything.
    public func storedFigures() throws -> StoredFigures {
        let last = clock.lastCompleteMonth
        guard let first = try store.firstSessionMonth(), first <= last else { return .current }
        let state = try store.staleness()
        let missing = state.lastStoredMonth.map { $0 < last ? $0.addingMonths(1) : nil } ?? first
        let changed = state.staleFrom.map { max($0.firstOfMonth, first) }
        return [changed, missing].compactMap { $0 }.min().map { .stale(from: $0) } ?? .current
    }

    /// Recomputes the months that changes since the last refresh can affect (triggers on
    /// sessions and roster history record the earliest), plus any month not stored yet; closed
    /// months before that are kept. `force` recomputes everything. One transaction, and one
    /// refresh at a time.
    public func refresh(force: Bool = false) throws -> Outcome {
        try store.exclusively {
            let last = clock.lastCompleteMonth.monthIndex
            guard let first = try store.firstSessionMonth()?.monthIndex, first <= last else {
                try store.removeAllFigures()
                try store.markRefreshed()
                return .upToDate
            }
            let state = try store.staleness()
            var from = first
            if !force, let storedLast = state.lastStoredMonth?.monthIndex {
                from = max(first, min(state.staleFrom?.monthIndex ?? Int.max, storedLast + 1))
                if from > last && storedLast == last { return .upToDate }
            }
            let months = try compute(first: first, last: last, from: from).filter { $0.month >= from }
            try store.removeFigures(from: CalendarDate(monthIndex: from), orAfter: CalendarDate(monthIndex: last))
            try store.storeFigures(months)
            try store.markRefreshed()
            return .refreshed(months: months.count)
        }
    }

    /// Figures for the months from `from` to `last` (earlier ones in the result are partial).
    /// From the first month, every session is read and the tie cache rebuilt; from a later
    /// month, the cached ties before it and the sessions of the twelve months before it on are
    /// read, and the cache's later ties replaced. People and departments become dense numbers
    /// as rows arrive, so nothing keeps the rows themselves.
    private func compute(first: Int, last: Int, from: Int) throws -> [NetworkMonth] {
        let full = from <= first
        var people: [String: Int] = [:]
        var names: [String] = []
        var departments: [String: Int] = [:]
        func person(_ id: String) -> Int {
            if let known = people[id] { return known }
            people[id] = names.count
            names.append(id)
            return names.count - 1
        }
        func department(_ name: String?) -> Int? {
            guard let name else { return nil }
            if let known = departments[name] { return known }
            departments[name] = departments.count
            return departments.count - 1
        }
        func pairKey(_ a: Int, _ b: Int) -> Int64 { Int64(min(a, b)) << 32 | Int64(max(a, b)) }

        var ties: [Tie] = []
        var seenPairs = Set<Int64>()
        if !full {
            try store.cachedTies(before: CalendarDate(monthIndex: from)) { cached in
                let a = person(cached.personA), b = person(cached.personB)
                seenPairs.insert(pairKey(a, b))
                // Departments of earlier ties only matter for their own month's share, not recomputed.
                ties.append(Tie(first: a, second: b, month: cached.firstMonth.monthIndex, crossesDepartments: nil))
            }
        }
        let cachedTies = ties.count
        // The 12-month figures of month `from` need the eleven months before it (there are no
        // sessions before `first`).
        var meetings: [Meeting] = []
        try store.completedSessions(from: full ? nil : CalendarDate(monthIndex: max(first, from - 11))) { session in
            let mentor = person(session.mentorID), mentee = person(session.menteeID)
            let meeting = Meeting(month: session.day.monthIndex, mentor: mentor, mentee: mentee,
                                  mentorDepartment: department(session.mentorDepartment),
                                  menteeDepartment: department(session.menteeDepartment))
            meetings.append(meeting)
            // Sessions come in time order, so a pair's first one is its tie.
            if seenPairs.insert(pairKey(mentor, mentee)).inserted {
                let crosses: Bool? = meeting.mentorDepartment.flatMap { a in meeting.menteeDepartment.map { a != $0 } }
                ties.append(Tie(first: mentor, second: mentee, month: meeting.month, crossesDepartments: crosses))
            }
        }
        try store.replaceTies(from: full ? nil : CalendarDate(monthIndex: from), with: ties[cachedTies...].lazy.map { tie in
            NetworkStore.CachedTie(personA: names[tie.first], personB: names[tie.second], firstMonth: CalendarDate(monthIndex: tie.month))
        })
        return NetworkCalculator(people: names.count).compute(months: first...last, ties: ties, meetings: meetings,
                                                              twoHopFrom: from)
    }
}
