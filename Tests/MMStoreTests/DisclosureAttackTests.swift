import Foundation
import MMDemo
import MMDomain
import MMImport
import MMStore
import PostgresClient
import Testing
import TestSupport

/// Attacks on the published breakdowns, as an analyst with mm_reporting's rights would try them:
/// each builds data where the naive table (hide only the small groups, or only one more) leaks
/// a small group's figure, runs the recovering SQL against mm_metrics, and checks it fails.
/// The ground truth comes from mm.participation_cells, which mm_reporting cannot call.
@Suite("Disclosure control against recovering attacks")
struct DisclosureAttackTests {
    let fixture: ProgramFixture
    let k = 5

    init() throws {
        fixture = try ProgramFixture.empty()
    }

    /// A roster of departments (name → size), everyone in location HQ unless `locations` says otherwise.
    func roster(_ departments: [(String, Int)], locations: [String: String] = [:]) throws {
        var csv = "Employee ID,Email,Department,Location\n"
        for (department, size) in departments {
            for i in 1...size {
                let id = "\(department)\(i)"
                csv += "\(id),\(id.lowercased())@x.test,\(department),\(locations[id] ?? "HQ")\n"
            }
        }
        try fixture.roster.importRoster(csv, asOf: "2026-01-01")
    }

    /// Completed sessions mentor → mentee on the given day of September 2026 (or `month`).
    func sessions(_ pairs: [(String, String)], month: String = "2026-09", rating: Int? = nil) throws {
        var csv = "session_id,mentor_employee_id,mentee_employee_id,started_at,duration_minutes\n"
        var outcomes = "session_id,rating\n"
        for (index, pair) in pairs.enumerated() {
            let id = "\(month)-\(index)"
            csv += "\(id),\(pair.0),\(pair.1),\(month)-\(String(format: "%02d", index % 28 + 1))T10:00:00Z,30\n"
            if let rating { outcomes += "\(id),\(rating)\n" }
        }
        try fixture.run(.sessions, csv)
        if rating != nil { try fixture.run(.outcomes, outcomes) }
    }

    /// Pairs within a department: person 1 mentors persons 2…n.
    func within(_ department: String, _ people: Int) -> [(String, String)] {
        (2...people).map { ("\(department)1", "\(department)\($0)") }
    }

    /// The published active participants per group of a month (nil: hidden), as mm_reporting.
    func published(_ dimension: String, _ month: String) throws -> [String: Int?] {
        try asReporting {
            var groups: [String: Int?] = [:]
            for row in try fixture.connection.query("""
                SELECT group_name, active_participants FROM mm_metrics.participation_breakdown_between(\(dimension), \(month)::date, \(month)::date)
                """).rows {
                groups[try row.decode(String.self, "group_name")] = try row.decode(Int?.self, "active_participants")
            }
            return groups
        }
    }

    /// The true active participants per group, unsuppressed.
    func truth(_ dimension: String, _ month: String) throws -> [String: Int] {
        var groups: [String: Int] = [:]
        for row in try fixture.connection.query("""
            SELECT group_name, active_participants FROM mm.participation_cells(\(dimension), 'month', \(month)::date, \(month)::date)
            WHERE NOT before_range
            """).rows {
            groups[try row.decode(String.self, "group_name")] = try row.decode(Int.self, "active_participants")
        }
        return groups
    }

    func total(_ month: String) throws -> Int {
        try asReporting {
            try fixture.connection.query("SELECT active_participants FROM mm_metrics.participation_monthly WHERE month = \(month)::date")
                .first!.decode(Int.self, "active_participants")
        }
    }

    func asReporting<T>(_ body: () throws -> T) throws -> T {
        let login = "analyst_\(UUID().uuidString.prefix(8).lowercased())"
        try fixture.connection.execute("CREATE ROLE \(identifier: login) IN ROLE mm_reporting")
        try fixture.connection.execute("SET ROLE \(identifier: login)")
        defer { _ = try? fixture.connection.execute("RESET ROLE") }
        return try body()
    }

    /// The subtraction attack: total minus every shown group is what the hidden groups hold
    /// together. It must never be one group, nor fewer than k people.
    func expectSubtractionFails(_ dimension: String, _ month: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let shown = try published(dimension, month)
        let truth = try truth(dimension, month)
        let hidden = shown.filter { $0.value == nil }.map(\.key)
        let recovered = try total(month) - shown.values.compactMap { $0 }.reduce(0, +)
        guard !hidden.isEmpty else { return }
        #expect(hidden.count >= 2, "one hidden group: \(hidden) = \(recovered)", sourceLocation: sourceLocation)
        #expect(hidden.map { truth[$0] ?? 0 }.reduce(0, +) >= k, "hidden \(hidden) hold \(recovered) people", sourceLocation: sourceLocation)
        for (group, people) in shown {
            if let people { #expect(people == 0 || people >= k, "\(group) shows \(people)", sourceLocation: sourceLocation) }
        }
    }

    @Test("two small groups that together hold fewer than k are not recoverable as a pair")
    func twoSmallGroups() throws {
        try roster([("A", 9), ("B", 2), ("C", 2)])
        try sessions(within("A", 9) + [("B1", "B2"), ("C1", "C2")])
        // Naive: hide B and C only; 13 − 9 = 4 people in B and C together, under k.
        let shown = try published("department", "2026-09-01")
        #expect(shown == ["A": nil, "B": nil, "C": nil])
        #expect(try total("2026-09-01") == 13) // the overall total is still shown
        try expectSubtractionFails("department", "2026-09-01")
    }

    @Test("a table whose one group is small shows nothing but the overall total")
    func oneSmallGroup() throws {
        try roster([("A", 3)])
        try sessions(within("A", 3))
        #expect(try published("department", "2026-09-01") == ["A": nil])
        #expect(try total("2026-09-01") == 3)
    }

    @Test("one small group hides the next-smallest, and enough of them to hold k people")
    func secondarySuppression() throws {
        try roster([("A", 9), ("B", 6), ("C", 2), ("D", 5)])
        try sessions(within("A", 9) + within("B", 6) + [("C1", "C2")] + within("D", 5))
        // C (2) is hidden; D (5) joins it: two groups, 7 people. A and B stay shown.
        #expect(try published("department", "2026-09-01") == ["A": 9, "B": 6, "C": nil, "D": nil])
        try expectSubtractionFails("department", "2026-09-01")
    }

    @Test("a group with too few staff shows nothing even without sessions")
    func smallHeadcount() throws {
        try roster([("A", 9), ("B", 6), ("C", 2)])
        try sessions(within("A", 9) + within("B", 6))
        // Naive: C shows a row of zeros, which says of two people that neither took part.
        let shown = try published("department", "2026-09-01")
        #expect(shown["C"] == .some(nil))
        #expect(shown["B"] == .some(nil)) // C's complement: 0 + 6 people
        #expect(shown["A"] == .some(9))
    }

    @Test("a rating from fewer than k mentees is hidden, in a group and overall")
    func fewRaters() throws {
        try roster([("A", 9), ("B", 9)])
        try sessions(within("A", 9) + within("B", 9))
        try sessions([("A1", "A2"), ("A1", "A3")], month: "2026-10", rating: 1)
        let october = try asReporting {
            try fixture.connection.query("""
                SELECT group_name, avg_rating, rated_sessions
                FROM mm_metrics.participation_breakdown_between('department', '2026-10-01', '2026-10-01')
                """).rows
        }
        for row in october { #expect(try row.decode(Double?.self, "avg_rating") == nil) }
        let overall = try asReporting {
            try fixture.connection.query("SELECT avg_rating FROM mm_metrics.participation_monthly WHERE month = '2026-10-01'")
                .first!.decode(Double?.self, "avg_rating")
        }
        #expect(overall == nil)
    }

    @Test("a quarter does not reveal a month's hidden group by subtracting its shown months")
    func quarterAgainstMonths() throws {
        try roster([("A", 9), ("B", 9), ("C", 9)])
        try sessions(within("A", 9) + within("B", 9) + within("C", 9), month: "2026-07")
        try sessions(within("A", 9) + within("B", 9) + [("C1", "C2")], month: "2026-08")
        try sessions(within("A", 9) + within("B", 9) + within("C", 9), month: "2026-09")
        #expect(try published("department", "2026-08-01")["C"] == .some(nil))
        // Naive: the quarter's C sessions minus July's and September's would be August's.
        let quarter = try asReporting {
            try fixture.connection.query("""
                SELECT department, sessions FROM mm_metrics.participation_quarterly_by_department WHERE quarter = '2026-07-01'
                """).rows.map { (try $0.decode(String.self, "department"), try $0.decode(Int?.self, "sessions")) }
        }
        #expect(quarter.first { $0.0 == "C" }?.1 == nil)
        #expect(quarter.contains { $0.1 != nil }) // not everything is hidden
    }

    @Test("the tie matrix hides pairs of cells on the diagonal and off it, the two sums published elsewhere")
    func tieMatrix() throws {
        try roster([("A", 9), ("B", 9), ("C", 2)])
        // Diagonal: A–A (9 people), C–C (2 people); off the diagonal: A–B (8 people).
        try sessions(within("A", 9) + [("C1", "C2")] + (1...4).map { ("A\($0)", "B\($0)") } + (5...8).map { ("B\($0)", "A\($0)") })
        let cells = try asReporting {
            try fixture.connection.query("""
                SELECT department_a || '-' || department_b AS cell, new_ties
                FROM mm_metrics.department_ties_between('2026-09-01', '2026-09-01')
                """).rows.map { (try $0.decode(String.self, "cell"), try $0.decode(Int?.self, "new_ties")) }
        }
        let byCell = Dictionary(uniqueKeysWithValues: cells)
        // Naive: hide C–C and the smallest other cell (A–B); the within-department ties
        // (new_ties × (1 − cross_department_share)) minus A–A would give C–C.
        #expect(byCell["C-C"] == .some(nil))
        #expect(byCell["A-A"] == .some(nil))
        #expect(byCell["A-B"] == .some(8))
    }

    @Test("no range or argument makes a function show what its monthly view hides")
    func functionArguments() throws {
        try roster([("A", 9), ("B", 6), ("C", 2), ("D", 5)])
        try sessions(within("A", 9) + within("B", 6) + [("C1", "C2")] + within("D", 5))
        let hiddenInView = try published("department", "2026-09-01").filter { $0.value == nil }.map(\.key).sorted()
        for (first, last) in [("-infinity", "infinity"), ("2026-09-30", "2026-09-01"), ("2026-09-30", "2026-09-30"), ("2026-08-31", "2026-10-01")] {
            let hidden = try asReporting {
                try fixture.connection.query("""
                    SELECT group_name FROM mm_metrics.participation_breakdown_between('department', \(first)::date, \(last)::date)
                    WHERE month = '2026-09-01' AND active_participants IS NULL
                    """).rows.map { try $0.decode(String.self, "group_name") }.sorted()
            }
            #expect(hidden == hiddenInView || hidden.isEmpty && first > last, "\(first)..\(last)")
        }
        let error = try #require(throws: PostgresError.self) {
            try asReporting { try fixture.connection.query("SELECT * FROM mm.participation_cells('department', 'month', '-infinity', 'infinity')") }
        }
        #expect(error.sqlState == .insufficientPrivilege)
    }

    @Test("random organisations: every table of every month resists subtraction", arguments: [1, 2, 3])
    func randomOrganisations(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed))
        let departments = (0..<6).map { ("D\($0)", 2 + Int(random.next() % 9)) }
        var locations: [String: String] = [:]
        for (department, size) in departments {
            for i in 1...size { locations["\(department)\(i)"] = "L\(random.next() % 4)" }
        }
        try roster(departments, locations: locations)
        let people = departments.flatMap { department, size in (1...size).map { "\(department)\($0)" } }
        for month in ["2026-07", "2026-08", "2026-09"] {
            var pairs: [(String, String)] = []
            for _ in 0..<(5 + Int(random.next() % 15)) {
                let mentor = people[Int(random.next() % UInt64(people.count))]
                let mentee = people[Int(random.next() % UInt64(people.count))]
                if mentor != mentee && !pairs.contains(where: { $0 == (mentor, mentee) }) { pairs.append((mentor, mentee)) }
            }
            try sessions(pairs, month: month)
            for dimension in ["department", "location"] {
                try expectSubtractionFails(dimension, "\(month)-01")
            }
        }
    }
}
