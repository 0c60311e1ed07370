/// The first-come baseline the optimal assignment is measured against: every allowed pair by
/// descending score as first shown (pair score plus the mentor's first place; ties: the mentee
/// earlier in priority order, then the lower mentor index), taken when the mentee is still
/// free and the mentor has a place.
public enum GreedyAssignment {
    public static func solve(_ problem: AssignmentProblem) -> [Int?] {
        let m = problem.mentorCount
        var pairs: [(score: Int32, mentee: Int, mentor: Int)] = []
        pairs.reserveCapacity(problem.scores.count)
        for i in 0..<problem.menteeCount {
            for j in 0..<m where problem.score(mentee: i, mentor: j) >= 0 && problem.capacities[j] > 0 {
                pairs.append((problem.score(mentee: i, mentor: j) + problem.placeScores[j][0], i, j))
            }
        }
        pairs.sort { ($0.score, -$0.mentee, -$0.mentor) > ($1.score, -$1.mentee, -$1.mentor) }
        var result = [Int?](repeating: nil, count: problem.menteeCount)
        var places = problem.capacities
        for pair in pairs where result[pair.mentee] == nil && places[pair.mentor] > 0 {
            result[pair.mentee] = pair.mentor
            places[pair.mentor] -= 1
        }
        return result
    }
}

/// Tries every assignment; for checking `OptimalAssignment` on small problems (tests and the
/// benchmark). Same objective: most mentees, then priority order, then total score.
public enum ExhaustiveAssignment {
    public static func solve(_ problem: AssignmentProblem) -> [Int?] {
        var places = problem.capacities
        var current = [Int?](repeating: nil, count: problem.menteeCount)
        var best = current
        var bestKey = key(of: current, problem)
        func visit(_ i: Int) {
            if i == problem.menteeCount {
                let candidate = key(of: current, problem)
                if candidate.lexicographicallyPrecedes(bestKey, by: >) {
                    best = current
                    bestKey = candidate
                }
                return
            }
            current[i] = nil
            visit(i + 1)
            for j in 0..<problem.mentorCount where places[j] > 0 && problem.score(mentee: i, mentor: j) >= 0 {
                places[j] -= 1
                current[i] = j
                visit(i + 1)
                current[i] = nil
                places[j] += 1
            }
        }
        visit(0)
        return best
    }

    /// Matched count, then matched-or-not per mentee in priority order, then total score.
    private static func key(of assignment: [Int?], _ problem: AssignmentProblem) -> [Int] {
        [assignment.compactMap { $0 }.count] + assignment.map { $0 == nil ? 0 : 1 } + [problem.total(of: assignment)]
    }
}
