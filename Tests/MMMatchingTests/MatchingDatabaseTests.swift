import MMCalendar
import Foundation
import MMDomain
import MMStore
import MMMatching
import PostgresClient
import Testing
import TestSupport

/// A small organisation for the matching rules. T (Sales analyst, Berlin) is the mentee. Her
/// chain: M2 (manager), M1 (skip-level), M0 (CEO); R reports to her. Mentors: A (topic
/// negotiation, new, other department), G (same department, met in March: a repeat tie), H
/// (other department, capacity 3), B (paused), C (left the company), D (capacity 1, already
/// met someone this month), F (met T three weeks before the round: cool-down); M2, M1 and R
/// have mentor profiles too, to be refused by the chain rule.
struct MatchingFixture {
    let connection: PostgresConnection
    static let round = CalendarDate(iso: "2026-10-15")!

    init() throws {
        connection = try TestDatabase.connect().connection
        try connection.executeScript("""
            INSERT INTO mm.employees (employee_id, email, given_name, department, title, location, manager_id, status) VALUES
                ('M0', 'm0@x.test', 'Mo', 'Executive', 'Chief Executive Officer', 'Berlin', NULL, 'active'),
                ('M1', 'm1@x.test', 'Mi', 'Sales', 'Director', 'Berlin', 'M0', 'active'),
                ('M2', 'm2@x.test', 'Ma', 'Sales', 'Manager', 'Berlin', 'M1', 'active'),
                ('T', 't@x.test', 'Tia', 'Sales', 'Analyst', 'Berlin', 'M2', 'active'),
                ('R', 'r@x.test', 'Ray', 'Sales', 'Associate', 'Berlin', 'T', 'active'),
                ('A', 'a@x.test', 'Ada', 'Engineering', 'Senior Engineer', 'Madrid', 'M0', 'active'),
                ('G', 'g@x.test', 'Gus', 'Sales', 'Senior Analyst', 'Berlin', 'M1', 'active'),
                ('H', 'h@x.test', 'Hal', 'Marketing', 'Specialist', 'Berlin', 'M0', 'active'),
                ('B', 'b@x.test', 'Bea', 'Finance', 'Manager', 'Paris', 'M0', 'active'),
                ('C', 'c@x.test', 'Cy', 'Data', 'Analyst', 'Paris', 'M0', 'inactive'),
                ('D', 'd@x.test', 'Dee', 'Legal', 'Counsel', 'Paris', 'M0', 'active'),
                ('F', 'f@x.test', 'Flo', 'Product', 'Designer', 'Paris', 'M0', 'active'),
                ('U', 'u@x.test', 'Uma', 'Data', 'Analyst', 'Paris', 'M0', 'active'),
                ('V', 'v@x.test', 'Vic', 'Data', 'Analyst', 'Paris', 'M0', 'active');
            INSERT INTO mm.mentors (employee_id, topics, monthly_capacity, active) VALUES
                ('A', '{Negotiation,SQL}', 2, true), ('G', '{negotiation}', 4, true), ('H', '{sql}', 3, true),
                ('B', '{negotiation}', 4, false), ('C', '{negotiation}', 4, true), ('D', '{negotiation}', 1, true),
                ('F', '{negotiation}', 4, true), ('M2', '{}', 4, true), ('M1', '{}', 4, true), ('R', '{}', 4, true);
            INSERT INTO mm.sessions (mentor_id, mentee_id, started_at, duration_minutes, topic, status) VALUES
                ('D', 'U', '2026-10-03 10:00Z', 30, 'negotiation', 'completed'),
                ('F', 'T', '2026-09-24 10:00Z', 30, 'pricing', 'completed'),
                ('G', 'T', '2026-03-01 10:00Z', 30, 'pricing', 'completed');
            """)
    }

    func suggest(topic: String? = "negotiation", cohort: String? = nil, mentee: String = "T", limit: Int = 10,
                 weights: MatchWeights = MatchWeights())
        throws -> (suggestions: [MentorSuggestion], excluded: [Exclusion: Int]) {
        try MentorSuggester(connection: connection).suggest(
            menteeID: mentee, topic: topic, cohortName: cohort, on: Self.round, limit: limit, weights: weights, cooldownDays: 90)
    }
}

@Suite("match suggest: hard rules, scores and reasons")
struct SuggestTests {
    let fixture: MatchingFixture
    init() throws { fixture = try MatchingFixture() }

    @Test func onlyMentorsAllowedByEveryHardRuleAreSuggested() throws {
        let result = try fixture.suggest()
        #expect(Set(result.suggestions.map(\.mentorID)) == ["A", "G", "H"])
        // manager M2, skip-level M1 and report R; B paused; C left; D full; F met 21 days ago.
        #expect(result.excluded == [.managementChain: 3, .paused: 1, .inactive: 1, .atCapacity: 1, .cooldown: 1])
    }

    @Test func rankingAndReasons() throws {
        let suggestions = try fixture.suggest().suggestions
        #expect(suggestions.map(\.mentorID) == ["A", "G", "H"])
        // A: topic 3 + new tie 2 + other department 1.5 + other location 0.5 + more senior 1 + 2 of 2 free 1.
        #expect(suggestions[0].score == 9)
        #expect(suggestions[0].reason
                == "topic match: Negotiation; new tie; other department; other location; more senior; 2 of 2 slots free")
        // G: topic 3, met before, same department, more senior 1, free 1.
        #expect(suggestions[1].score == 5)
        #expect(suggestions[1].reason == "topic match: negotiation; met before; same department; more senior; 4 of 4 slots free")
        // H: no topic match; new tie 2 + other department 1.5 + peer level 0.5 + free 1; the
        // tie with G goes to the mentor with more free places.
        #expect(suggestions[2].score == 5)
        #expect(suggestions[2].reason.hasPrefix("no topic match; new tie; other department; peer level"))
    }

    @Test func weightsChangeTheOrder() throws {
        let weights = try MatchWeights().applying(assignments: ["topic=0", "new_tie=0", "cross_department=0", "seniority=0"])
        // Left: location 0.5 (A only) and free capacity (all free): H 1, A 1.5, G 1.
        #expect(try fixture.suggest(weights: weights).suggestions.map(\.mentorID) == ["A", "G", "H"])
        #expect(throws: MatchWeightError.unknownName("charm")) { try MatchWeights().applying(assignments: ["charm=1"]) }
        #expect(throws: MatchWeightError.outOfRange("topic", -1)) { try MatchWeights().applying(assignments: ["topic=-1"]) }
    }

    @Test func unusableStoredSettingsAreRefused() throws {
        try fixture.connection.execute("UPDATE mm.settings SET value = 'lots' WHERE key = 'match.weight.topic'")
        let weight = #expect(throws: MMError.self) { try MatchSettings.stored(in: fixture.connection) }
        #expect(weight?.category == .dataError && weight?.message == "The setting match.weight.topic cannot be used.")
        try fixture.connection.execute("UPDATE mm.settings SET value = '3' WHERE key = 'match.weight.topic'")
        try fixture.connection.execute("UPDATE mm.settings SET value = '-5' WHERE key = 'match.cooldown_days'")
        #expect(throws: MMError.self) { try MatchSettings.stored(in: fixture.connection) }
    }

    @Test func openProposalsUseCapacity() throws {
        try fixture.connection.executeScript("""
            INSERT INTO mm.cohorts (name, starts_on, ends_on) VALUES ('Autumn', '2026-10-01', '2026-12-31');
            INSERT INTO mm.match_proposals (cohort_id, round_on, mentee_id, mentor_id, score, reason)
            SELECT cohort_id, '2026-10-10', 'V', 'A', 5, 'test' FROM mm.cohorts;
            INSERT INTO mm.match_proposals (cohort_id, round_on, mentee_id, mentor_id, score, reason)
            SELECT cohort_id, '2026-10-10', 'U', 'A', 5, 'test' FROM mm.cohorts;
            """)
        let result = try fixture.suggest()
        #expect(!result.suggestions.map(\.mentorID).contains("A"))
        #expect(result.excluded[.atCapacity] == 2)
    }

    @Test func refusals() throws {
        try fixture.connection.execute("INSERT INTO mm.cohorts (name, starts_on, ends_on) VALUES ('Autumn', '2026-10-01', '2026-12-31')")
        #expect(throws: MMError.self) { try fixture.suggest(cohort: "Winter") }
        let notMember = #expect(throws: MMError.self) { try fixture.suggest(cohort: "Autumn") }
        #expect(notMember?.message == "T is not a member of the cohort Autumn.")
        let inactive = #expect(throws: MMError.self) { try fixture.suggest(mentee: "C") }
        #expect(inactive?.message.contains("inactive") == true)
    }
}

@Suite("match cohort: rounds, proposals, fairness")
struct CohortRoundTests {
    let fixture: MatchingFixture
    init() throws {
        fixture = try MatchingFixture()
        // Mentees: T waits since 1 Oct, V and R since 5 Oct; U met D on 3 Oct, so does not wait
        // in October. Mentors: A (2 places), H (3) and M2 (T's manager, R's skip-level).
        try fixture.connection.executeScript("""
            INSERT INTO mm.cohorts (name, starts_on, ends_on) VALUES ('Autumn', '2026-10-01', '2026-12-31');
            INSERT INTO mm.cohort_members (cohort_id, employee_id, role, enrolled_on)
            SELECT cohort_id, p.id, p.role, p.enrolled::date FROM mm.cohorts,
                (VALUES ('T', 'mentee', '2026-10-01'), ('U', 'mentee', '2026-10-05'), ('V', 'mentee', '2026-10-05'),
                        ('R', 'mentee', '2026-10-05'), ('A', 'mentor', '2026-10-01'), ('H', 'mentor', '2026-10-01'),
                        ('M2', 'mentor', '2026-10-01')) AS p (id, role, enrolled);
            """)
    }

    func run(dryRun: Bool = false, cohort: String = "Autumn") throws -> RoundResult {
        try CohortMatcher(connection: fixture.connection).run(
            cohortName: cohort, round: MatchingFixture.round, weights: MatchWeights(), cooldownDays: 90, dryRun: dryRun)
    }

    func proposals() throws -> [String: String] {
        var pairs: [String: String] = [:]
        for row in try fixture.connection.query("SELECT mentee_id, mentor_id FROM mm.match_proposals WHERE status <> 'declined'").rows {
            pairs[try row.decode(String.self, "mentee_id")] = try row.decode(String.self, "mentor_id")
        }
        return pairs
    }

    @Test func everyWaitingMenteeIsPairedWithinTheRules() throws {
        let result = try run()
        #expect(result.pairs.count == 3 && result.unmatched.isEmpty)
        let pairs = try proposals()
        #expect(Set(pairs.keys) == ["T", "V", "R"])
        #expect(pairs["R"] != "M2" && pairs["T"] != "M2")          // M2 is T's manager and R's skip-level
        #expect(pairs.values.filter { $0 == "A" }.count <= 2)        // A's capacity
        #expect(result.quality.matched == 3)
        #expect(result.quality.newTieShare == 1)
    }

    @Test func dryRunStoresNothingAndIsDeterministic() throws {
        let first = try run(dryRun: true)
        let second = try run(dryRun: true)
        #expect(first.pairs == second.pairs)
        #expect(try fixture.connection.query("SELECT 1 FROM mm.match_proposals").isEmpty)
    }

    @Test func proposedMenteesDoNotWaitAgainAndDeclinedPairsAreNotRepeated() throws {
        let first = try run()
        #expect(try run().pairs.isEmpty)   // everyone has an open proposal for October
        let tPair = try #require(first.pairs.first { $0.menteeID == "T" })
        let id = try #require(try fixture.connection.query(
            "SELECT proposal_id FROM mm.match_proposals WHERE mentee_id = 'T'").first?.decode(Int.self, "proposal_id"))
        try ProposalRepository(connection: fixture.connection).decide([id], accept: false)
        let again = try run()
        #expect(again.pairs.map(\.menteeID) == ["T"])
        #expect(again.pairs[0].mentorID != tPair.mentorID)
        #expect(throws: MMError.self) { try ProposalRepository(connection: fixture.connection).decide([id], accept: true) }
        // An id given twice is decided once; the other proposals stay open.
        let open = try fixture.connection.query("SELECT proposal_id FROM mm.match_proposals WHERE status = 'proposed' ORDER BY 1")
            .rows.map { try $0.decode(Int.self, "proposal_id") }
        #expect(try ProposalRepository(connection: fixture.connection).decide([open[0], open[0]], accept: true) == 1)
        #expect(throws: MMError.self) { try ProposalRepository(connection: fixture.connection).decide([999_999], accept: true) }
    }

    @Test func longestWaitingMenteesWinScarcePlaces() throws {
        // Only A's places remain and A has one left: T (waiting since 1 Oct) must get it,
        // although V would score as high.
        try fixture.connection.execute("UPDATE mm.mentors SET active = false WHERE employee_id IN ('H', 'M2')")
        try fixture.connection.execute("UPDATE mm.mentors SET monthly_capacity = 1 WHERE employee_id = 'A'")
        let result = try run(dryRun: true)
        #expect(result.pairs.map(\.menteeID) == ["T"])
        #expect(result.unmatched.map(\.menteeID) == ["R", "V"])
        #expect(result.unmatched.allSatisfy { $0.reason == "the 1 mentor allowed went to mentees who waited longer" })
    }

    @Test func unmatchedMenteesSayWhy() throws {
        try fixture.connection.execute("UPDATE mm.employees SET status = 'inactive' WHERE employee_id = 'V'")
        try fixture.connection.execute("UPDATE mm.mentors SET active = false WHERE employee_id IN ('A', 'H')")
        let result = try run(dryRun: true)
        #expect(result.pairs.isEmpty)
        let reasons = Dictionary(uniqueKeysWithValues: result.unmatched.map { ($0.menteeID, $0.reason) })
        #expect(reasons["V"] == "inactive employee")
        #expect(reasons["T"] == "no mentor allowed: 1 in the management chain, 2 paused")
    }

    @Test func refusesUnknownCohortsAndRoundsOutsideTheCohort() throws {
        let unknown = #expect(throws: MMError.self) { try run(cohort: "Winter") }
        #expect(unknown?.category == .dataError)
        let outside = #expect(throws: MMError.self) {
            try CohortMatcher(connection: fixture.connection).run(
                cohortName: "Autumn", round: CalendarDate(iso: "2027-01-10")!, weights: MatchWeights(), cooldownDays: 90, dryRun: true)
        }
        #expect(outside?.message.contains("outside") == true)
    }

    @Test func concurrentRunsProposeEachMenteeOnce() async throws {
        let conninfo = try fixture.connection.query("SELECT current_database() AS db").first!.decode(String.self, "db")
        let admin = try TestDatabase.adminConninfo()
        let target = try ConnectionString(admin).replacing("dbname", with: conninfo)
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    let connection = try PostgresConnection(conninfo: target)
                    return try CohortMatcher(connection: connection).run(
                        cohortName: "Autumn", round: MatchingFixture.round, weights: MatchWeights(), cooldownDays: 90,
                        dryRun: false).pairs.count
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counts.sorted() == [0, 0, 3])
        #expect(try proposals().count == 3)
    }
}
