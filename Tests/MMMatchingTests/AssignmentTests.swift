import PostgresClient
import MMDemo
import MMMatching
import Testing

@Suite("Cohort assignment")
struct AssignmentTests {
    /// Greedy takes the single best pair (A–X, 9) and leaves B with nothing; the optimum pairs
    /// A–Y and B–X for 8 + 8.
    @Test func optimalBeatsGreedyWhereTheGreedyChoiceIsWrong() {
        var problem = AssignmentProblem(menteeCount: 2, capacities: [1, 1])
        problem.setScore(900, mentee: 0, mentor: 0)
        problem.setScore(800, mentee: 0, mentor: 1)
        problem.setScore(800, mentee: 1, mentor: 0)
        let optimal = OptimalAssignment.solve(problem)
        let greedy = GreedyAssignment.solve(problem)
        #expect(optimal == [1, 0])
        #expect(problem.total(of: optimal) == 1600)
        #expect(greedy == [0, nil])
        #expect(problem.total(of: greedy) == 900)
    }

    @Test func longestWaitingMenteeWinsTheLastPlace() {
        var problem = AssignmentProblem(menteeCount: 2, capacities: [1])
        problem.setScore(300, mentee: 0, mentor: 0)
        problem.setScore(700, mentee: 1, mentor: 0)
        #expect(OptimalAssignment.solve(problem) == [0, nil])
    }

    @Test func capacitiesAreNeverExceededAndForbiddenPairsNeverUsed() {
        var problem = AssignmentProblem(menteeCount: 5, capacities: [2, 1])
        for mentee in 0..<5 { problem.setScore(100, mentee: mentee, mentor: 0) }
        problem.setScore(500, mentee: 4, mentor: 1)
        let result = OptimalAssignment.solve(problem)
        #expect(result.filter { $0 == 0 }.count == 2)
        #expect(result.filter { $0 == 1 }.count == 1)
        #expect(result[4] == 1)
        #expect(result[2] == nil && result[3] == nil)
    }

    @Test func matchesExhaustiveSearchOnRandomSmallProblems() {
        var generator = SeededRandom(seed: 42)
        var greedyWorse = 0
        for _ in 0..<400 {
            let mentees = Int(generator.next() % 6) + 1
            let capacities = (0..<Int(generator.next() % 4 + 1)).map { _ in Int(generator.next() % 3) }
            var problem = AssignmentProblem(menteeCount: mentees, capacities: capacities)
            for i in 0..<mentees {
                for j in capacities.indices where generator.next() % 5 != 0 {
                    problem.setScore(Int32(generator.next() % 6) * 100, mentee: i, mentor: j)
                }
            }
            for (mentor, capacity) in capacities.enumerated() where generator.next() % 2 == 0 {
                let places = (0..<capacity).map { _ in Int32(generator.next() % 4) * 50 }.sorted(by: >)
                problem.setPlaceScores(places, mentor: mentor)
            }
            let optimal = OptimalAssignment.solve(problem)
            let exhaustive = ExhaustiveAssignment.solve(problem)
            #expect(optimal.compactMap { $0 }.count == exhaustive.compactMap { $0 }.count)
            #expect(optimal.map { $0 != nil } == exhaustive.map { $0 != nil })
            #expect(problem.total(of: optimal) == problem.total(of: exhaustive))
            for (mentor, capacity) in capacities.enumerated() {
                #expect(optimal.filter { $0 == mentor }.count <= capacity)
            }
            if problem.total(of: GreedyAssignment.solve(problem)) < problem.total(of: optimal) { greedyWorse += 1 }
        }
        #expect(greedyWorse > 0, "the random problems should include some where greedy falls short")
    }

    @Test func placeScoresSpreadMenteesOverMentors() {
        var problem = AssignmentProblem(menteeCount: 2, capacities: [2, 2])
        for mentee in 0..<2 { for mentor in 0..<2 { problem.setScore(500, mentee: mentee, mentor: mentor) } }
        problem.setPlaceScores([100, 50], mentor: 0)
        problem.setPlaceScores([100, 50], mentor: 1)
        let result = OptimalAssignment.solve(problem)
        #expect(Set(result.compactMap { $0 }) == [0, 1])
        #expect(problem.total(of: result) == 1200)
    }

    @Test func sameInputGivesTheSamePairs() {
        var problem = AssignmentProblem(menteeCount: 30, capacities: Array(repeating: 2, count: 12))
        var generator = SeededRandom(seed: 7)
        for i in 0..<30 { for j in 0..<12 { problem.setScore(Int32(generator.next() % 4) * 100, mentee: i, mentor: j) } }
        #expect(OptimalAssignment.solve(problem) == OptimalAssignment.solve(problem))
    }
}
