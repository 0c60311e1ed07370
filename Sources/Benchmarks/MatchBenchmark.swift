import MMCalendar
import Foundation
import MMDomain
import MMStore
import MMMatching
import PostgresClient

/// The pairing half of scripts/bench-match.sh: loads one cohort round exactly as `mmadmin match
/// cohort` does, times the exact assignment against the greedy baseline on the same problem and
/// prints both totals; then checks the exact assignment against exhaustive search on small
/// problems cut from the same data.
func matchBenchmark(_ arguments: [String]) throws {
    guard arguments.count >= 3, let round = CalendarDate(iso: arguments[2]) else {
        throw BenchmarkUsage()
    }
    let smallInstances = arguments.count > 3 ? Int(arguments[3]) ?? 300 : 300

    let connection = try PostgresConnection(conninfo: arguments[0])
    let cohort = try CohortRepository(connection: connection).find(arguments[1])
    let repository = MatchRepository(connection: connection)
    let settings = try MatchSettings.stored(in: connection)

    var start = DispatchTime.now()
    let mentees = try repository.waitingMentees(cohortID: cohort.id, round: round).map(MenteeProfile.init)
    let mentors = try repository.mentors(cohortID: cohort.id, round: round).map(MentorProfile.init)
    let history = try repository.history(of: mentees.map(\.employeeID), round: round, cooldownDays: settings.cooldownDays,
                                         cohortID: cohort.id)
    let loadTime = seconds(start)

    start = DispatchTime.now()
    let line = ManagementLine(chains: try repository.managers(of: mentees.map(\.employeeID) + mentors.map(\.employeeID)))
    let problem = RoundPlanner(weights: settings.weights).problem(mentees: mentees, mentors: mentors, history: history, line: line).assignment
    let buildTime = seconds(start)

    start = DispatchTime.now()
    let optimal = OptimalAssignment.solve(problem)
    let optimalTime = seconds(start)
    start = DispatchTime.now()
    let greedy = GreedyAssignment.solve(problem)
    let greedyTime = seconds(start)

    let allowed = problem.scores.lazy.filter { $0 >= 0 }.count
    print("problem: \(problem.menteeCount) waiting mentees, \(problem.mentorCount) mentors, "
          + "\(problem.capacities.reduce(0, +)) free places, \(allowed) allowed pairs")
    print(String(format: "load from PostgreSQL %.3f s, rules and scores %.3f s", loadTime, buildTime))
    let optimalTotal = Double(problem.total(of: optimal)) / 100
    let greedyTotal = Double(problem.total(of: greedy)) / 100
    print(String(format: "exact assignment: %.3f s, %d matched, total score %.2f", optimalTime,
                 optimal.compactMap { $0 }.count, optimalTotal))
    print(String(format: "greedy baseline:  %.3f s, %d matched, total score %.2f", greedyTime,
                 greedy.compactMap { $0 }.count, greedyTotal))
    print(String(format: "total score ratio exact / greedy: %.4f", optimalTotal / greedyTotal))

    // Small problems cut from the real one, kept when everyone in them can be matched, so that
    // the objective is the total score alone: 6 mentees and 4 mentors with at most 2 places each.
    var generator = SystemRandomNumberGenerator()
    var tried = 0
    var kept = 0
    var equal = 0
    var greedyShort = 0
    var greedyLower = 0
    var exactSum = 0
    var greedySum = 0
    while kept < smallInstances && tried < smallInstances * 100 {
        tried += 1
        let rows = (0..<6).map { _ in Int.random(in: 0..<problem.menteeCount, using: &generator) }
        let columns = Array(Set((0..<4).map { _ in Int.random(in: 0..<problem.mentorCount, using: &generator) })).sorted()
        var small = AssignmentProblem(menteeCount: rows.count, capacities: columns.map { min(2, problem.capacities[$0]) })
        for (i, row) in rows.enumerated() {
            for (j, column) in columns.enumerated() where problem.score(mentee: row, mentor: column) >= 0 {
                small.setScore(problem.score(mentee: row, mentor: column), mentee: i, mentor: j)
            }
        }
        for (j, column) in columns.enumerated() {
            small.setPlaceScores(Array(problem.placeScores[column].prefix(small.capacities[j])), mentor: j)
        }
        let exhaustive = ExhaustiveAssignment.solve(small)
        guard !exhaustive.contains(nil) else { continue }
        kept += 1
        let exact = OptimalAssignment.solve(small)
        let baseline = GreedyAssignment.solve(small)
        if small.total(of: exact) == small.total(of: exhaustive) && !exact.contains(nil) { equal += 1 }
        if baseline.contains(nil) { greedyShort += 1 } else if small.total(of: baseline) < small.total(of: exact) { greedyLower += 1 }
        exactSum += small.total(of: exact)
        greedySum += small.total(of: baseline)
    }
    print("small problems (6 mentees, up to 4 mentors with <= 2 places, cut from the data, all matchable): "
          + "exact = exhaustive search in \(equal) of \(kept); greedy left someone unmatched in \(greedyShort), "
          + "matched all at a lower total in \(greedyLower); "
          + String(format: "summed totals exact / greedy %.4f", Double(exactSum) / Double(max(1, greedySum))))
    if equal != kept { throw BenchmarkFailure("the exact assignment differed from exhaustive search") }
}
