/// Solves an `AssignmentProblem` exactly. The objective, in order:
///
/// 1. as many mentees matched as the rules and capacities allow;
/// 2. where not everyone can be matched, the mentees who waited longest are (a mentee is only
///    left out when matching them would unseat someone earlier in the priority order);
/// 3. the highest total score for that set of mentees.
///
/// It is the successive-shortest-path method for min-cost flow (the Hungarian method with
/// capacities): mentees are added one at a time in priority order, each along the cheapest
/// augmenting path in the residual graph, with node potentials keeping reduced costs
/// non-negative so that a dense Dijkstra (O(mentors) per step, no heap) finds it. Costs are
/// `maxScore - score` per pair and `maxPlaceScore - placeScore` per place, so a min-cost
/// matching of a fixed set of mentees has the max total score.
/// A mentee with no augmenting path cannot join without unseating an earlier one (transversal
/// matroid), which gives (1) and (2). Work: O(mentees × reached mentees × mentors) at worst;
/// in practice most paths end after a few steps.
public enum OptimalAssignment {
    public static func solve(_ problem: AssignmentProblem) -> [Int?] {
        let n = problem.menteeCount
        let m = problem.mentorCount
        guard n > 0, m > 0 else { return Array(repeating: nil, count: n) }
        let maxScore = Int(problem.scores.max() ?? 0)
        let maxPlaceScore = Int(problem.placeScores.lazy.compactMap(\.first).max() ?? 0)
        let unreached = Int.max / 4

        var matchOf = [Int](repeating: -1, count: n)          // mentor index per mentee
        var members = [[Int]](repeating: [], count: m)        // mentees per mentor
        var menteePotential = [Int](repeating: 0, count: n)
        var mentorPotential = [Int](repeating: 0, count: m)
        let sinkPotential = 0  // min(D, D) - D: the sink's potential never moves

        var mentorDistance = [Int](repeating: unreached, count: m)
        var mentorSettled = [Bool](repeating: false, count: m)
        var reachedFrom = [Int](repeating: -1, count: m)      // the mentee whose edge gave the distance
        var menteeDistance = [Int](repeating: unreached, count: n)
        var touchedMentees: [Int] = []

        problem.scores.withUnsafeBufferPointer { scores in
            for root in 0..<n {
                for j in 0..<m {
                    mentorDistance[j] = unreached
                    mentorSettled[j] = false
                    reachedFrom[j] = -1
                }
                for i in touchedMentees { menteeDistance[i] = unreached }
                touchedMentees.removeAll(keepingCapacity: true)

                // Relaxes every forward edge out of mentee `i` (at distance `d`).
                func relax(_ i: Int, _ d: Int) {
                    menteeDistance[i] = d
                    touchedMentees.append(i)
                    let row = i * m
                    let base = d + menteePotential[i] + maxScore
                    for j in 0..<m where !mentorSettled[j] && j != matchOf[i] {
                        let score = Int(scores[row + j])
                        if score < 0 { continue }
                        let candidate = base - score - mentorPotential[j]
                        if candidate < mentorDistance[j] {
                            mentorDistance[j] = candidate
                            reachedFrom[j] = i
                        }
                    }
                }

                relax(root, 0)
                // The sink hangs off every mentor with a free place, the edge costing what the
                // mentor's next place loses against the best place anywhere (costs rise with each
                // place: convex, so parallel edges in order are exact). The path ends there once
                // no unsettled mentor is closer than the best way into the sink found so far.
                var sinkDistance = unreached
                var target = -1
                while true {
                    var best = -1
                    var bestDistance = sinkDistance
                    for j in 0..<m where !mentorSettled[j] && mentorDistance[j] < bestDistance {
                        best = j
                        bestDistance = mentorDistance[j]
                    }
                    if best < 0 { break }
                    mentorSettled[best] = true
                    if members[best].count < problem.capacities[best] {
                        let placeCost = maxPlaceScore - Int(problem.placeScores[best][members[best].count])
                        let viaBest = bestDistance + placeCost + mentorPotential[best] - sinkPotential
                        if viaBest < sinkDistance {
                            sinkDistance = viaBest
                            target = best
                        }
                    }
                    // The path may also continue by moving one of this mentor's mentees elsewhere.
                    for i in members[best] where menteeDistance[i] == unreached {
                        let reverse = -(maxScore - Int(scores[i * m + best]))
                        relax(i, bestDistance + reverse + mentorPotential[best] - menteePotential[i])
                    }
                }
                guard target >= 0 else { continue }  // no augmenting path: this mentee stays unmatched

                // New potentials min(distance, D) - D keep every residual edge's reduced cost non-negative.
                let limit = sinkDistance
                for j in 0..<m where mentorSettled[j] { mentorPotential[j] += min(mentorDistance[j], limit) - limit }
                for i in touchedMentees { menteePotential[i] += min(menteeDistance[i], limit) - limit }

                var mentor = target
                while true {
                    let mentee = reachedFrom[mentor]
                    let previous = matchOf[mentee]
                    matchOf[mentee] = mentor
                    members[mentor].append(mentee)
                    if previous < 0 { break }
                    members[previous].removeAll { $0 == mentee }
                    mentor = previous
                }
            }
        }
        return matchOf.map { $0 < 0 ? nil : $0 }
    }
}
