import MMDomain
import Foundation
import MMCalendar
import MMImport
import MMMetrics
import MMStore
import PostgresClient
import Testing
import TestSupport

/// The network refresh as a service, on a database of its own per test: which months it
/// recomputes, and that whatever it keeps equals a recomputation from scratch.
@Suite("Network refresh: stale months, tie cache, concurrency")
struct NetworkRefresherTests {
    let fixture: ProgramFixture
    /// Mid-November 2026: October is the last complete month.
    static let november = FixedClock(CalendarDate(iso: "2026-11-15")!)

    /// E1 (Exec) mentors E2 (Sales) in June and July; E2 mentors E3 (Engineering) in July; E1
    /// mentors E3 in August, closing a triangle.
    init() throws {
        fixture = try ProgramFixture()
        try importSessions([("E1", "E2", "2026-06-03"), ("E1", "E2", "2026-07-03"), ("E2", "E3", "2026-07-10"),
                            ("E1", "E3", "2026-08-05")])
    }

    /// Imports completed sessions (mentor, mentee, day) at 10:00 UTC.
    func importSessions(_ sessions: [(String, String, String)]) throws {
        var csv = "session_id,mentor_employee_id,mentee_employee_id,started_at,duration_minutes\n"
        for (mentor, mentee, day) in sessions { csv += "\(mentor)-\(mentee)-\(day),\(mentor),\(mentee),\(day)T10:00:00Z,30\n" }
        try fixture.run(.sessions, csv)
    }

    func refresh(force: Bool = false, clock: any WallClock = november) throws -> NetworkRefresher.Outcome {
        try NetworkRefresher(connection: fixture.connection, clock: clock).refresh(force: force)
    }

    /// Every stored month and cached tie, as text, to compare refreshes value for value.
    func snapshot() throws -> [String] {
        try fixture.connection.query("""
            SELECT m::text AS line FROM (SELECT * FROM mm_metrics.network_monthly ORDER BY month) AS m
            UNION ALL
            SELECT t::text FROM (SELECT * FROM mm.network_ties ORDER BY person_a, person_b) AS t
            """).rows.map { try $0.decode(String.self, "line") }
    }

    func stored(_ month: String) throws -> [String: Double?] {
        try ReportStore(connection: fixture.connection).network(from: CalendarDate(isoMonth: month)!, through: CalendarDate(isoMonth: month)!)
            .values.first ?? [:]
    }

    @Test("from scratch: every month from the first session to the last complete one")
    func fromScratch() throws {
        #expect(try refresh() == .refreshed(months: 5)) // June to October
        let june = try stored("2026-06"), august = try stored("2026-08"), october = try stored("2026-10")
        #expect(june["new_ties"] == 1 && june["cumulative_ties"] == 1 && june["components"] == 1)
        #expect(june["cross_department_share"] == 1)
        #expect(august["new_ties"] == 1 && august["cumulative_ties"] == 3 && august["avg_degree"] == 2)
        #expect(august["avg_distinct_mentors_12m"] == 1.5) // E2: E1; E3: E2 and E1
        #expect(october["new_ties"] == 0 && october["cumulative_ties"] == 3 && october["cross_department_share"] == .some(nil))
        #expect(try fixture.connection.query("SELECT count(*)::int AS n FROM mm.network_ties").first!.decode(Int.self, "n") == 3)
    }

    @Test("nothing changed: the second refresh does nothing")
    func nothingChanged() throws {
        #expect(try refresh() == .refreshed(months: 5))
        let before = try snapshot()
        // A stored month edited behind the refresher's back stays as it is: nothing is recomputed.
        try fixture.connection.execute("UPDATE mm_metrics.network_monthly SET new_ties = 99 WHERE month = '2026-07-01'")
        #expect(try refresh() == .upToDate)
        #expect(try stored("2026-07")["new_ties"] == 99)
        try fixture.connection.execute("UPDATE mm_metrics.network_monthly SET new_ties = 1 WHERE month = '2026-07-01'")
        #expect(try snapshot() == before)
    }

    @Test("a month the clock completes is computed alone")
    func nextMonthOnTheClock() throws {
        #expect(try refresh(clock: FixedClock(CalendarDate(iso: "2026-10-02")!)) == .refreshed(months: 4)) // June to September
        #expect(try refresh() == .refreshed(months: 1)) // October
        let incremental = try snapshot()
        #expect(try refresh(force: true) == .refreshed(months: 5))
        #expect(try snapshot() == incremental)
    }

    @Test("sessions in a later month: only the months from it are recomputed, as a full refresh would")
    func incrementalAfterNewSessions() throws {
        #expect(try refresh() == .refreshed(months: 5))
        // September: E3 and E2 meet again with roles swapped (no new tie), E4 (Engineering) meets E3.
        try importSessions([("E3", "E2", "2026-09-01"), ("E3", "E4", "2026-09-20")])
        #expect(try NetworkStore(connection: fixture.connection).staleness().staleFrom == CalendarDate(iso: "2026-09-01"))
        #expect(try refresh() == .refreshed(months: 2)) // September and October
        let september = try stored("2026-09")
        #expect(september["new_ties"] == 1 && september["cumulative_ties"] == 4 && september["cross_department_share"] == 0)
        let incremental = try snapshot()
        #expect(try refresh(force: true) == .refreshed(months: 5))
        #expect(try snapshot() == incremental)
    }

    @Test("a roster change moves the stale month back to the day it takes effect")
    func rosterChangeMovesStaleMonthBack() throws {
        let clock = FixedClock(CalendarDate(iso: "2026-12-15")!) // November is complete
        #expect(try refresh(clock: clock) == .refreshed(months: 6))
        // A new tie in November between E2 (Sales) and E4 (Engineering) makes November stale...
        try importSessions([("E2", "E4", "2026-11-10")])
        let store = NetworkStore(connection: fixture.connection)
        #expect(try store.staleness().staleFrom == CalendarDate(iso: "2026-11-10"))
        // ...and E4 moving to Sales on October 15 makes October stale.
        let moved = RosterFixture.baseRoster.replacingOccurrences(of: "Diaz,Engineering", with: "Diaz,Sales")
        try fixture.roster.importRoster(moved + ProgramFixture.leaver, asOf: "2026-10-15")
        #expect(try store.staleness().staleFrom == CalendarDate(iso: "2026-10-15"))
        #expect(try refresh(clock: clock) == .refreshed(months: 2)) // October and November
        #expect(try stored("2026-11")["cross_department_share"] == 0) // Sales–Sales, as of the session
        let incremental = try snapshot()
        #expect(try refresh(force: true, clock: clock) == .refreshed(months: 6))
        #expect(try snapshot() == incremental)
    }

    @Test("two refreshes at once on two connections wait for each other and agree with one refresh")
    func concurrentRefreshes() throws {
        let conninfo = fixture.roster.conninfo
        let results = Results()
        let group = DispatchGroup()
        // Holding the refresh lock until both have asked for it makes them contend for certain.
        try NetworkStore(connection: fixture.connection).exclusively {
            for force in [true, false] {
                DispatchQueue.global().async(group: group) {
                    results.append(Result {
                        try NetworkRefresher(connection: PostgresConnection(conninfo: conninfo), clock: Self.november).refresh(force: force)
                    })
                }
            }
            let observer = try PostgresConnection(conninfo: conninfo)
            let deadline = Date().addingTimeInterval(60)
            while try observer.query("""
                SELECT count(*)::int AS n FROM pg_locks
                WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """).first!.decode(Int.self, "n") < 2 {
                guard Date() < deadline else { throw TestSetupError("the refreshes never asked for the lock") }
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        #expect(group.wait(timeout: .now() + 120) == .success, "the refreshes did not finish: deadlocked")
        // The forced one recomputes every month; the other finds them fresh, or, first, does the same work.
        let outcomes = try results.all.map { try $0.get() }.sorted { "\($0)" < "\($1)" }
        #expect(outcomes == [.refreshed(months: 5), .upToDate] || outcomes == [.refreshed(months: 5), .refreshed(months: 5)])
        let concurrent = try snapshot()
        #expect(try refresh(force: true) == .refreshed(months: 5))
        #expect(try snapshot() == concurrent)
    }
}

/// What the refresh threads return, collected under a lock.
private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<NetworkRefresher.Outcome, any Error>] = []

    func append(_ result: Result<NetworkRefresher.Outcome, any Error>) {
        lock.withLock { results.append(result) }
    }

    var all: [Result<NetworkRefresher.Outcome, any Error>] { lock.withLock { results } }
}
