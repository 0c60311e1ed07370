import Foundation
import MMStore

/// A pair's first completed session: an edge of the network from `month` on.
public struct Tie: Sendable {
    public var first: Int
    public var second: Int
    public var month: Int
    /// Whether the two were in different departments at that first session (nil: unknown).
    public var crossesDepartments: Bool?

    public init(first: Int, second: Int, month: Int, crossesDepartments: Bool?) {
        self.first = first
        self.second = second
        self.month = month
        self.crossesDepartments = crossesDepartments
    }
}

/// One completed session, with both people's departments as of that session (dense ids).
public struct Meeting: Sendable {
    public var month: Int
    public var mentor: Int
    public var mentee: Int
    public var mentorDepartment: Int?
    public var menteeDepartment: Int?

    public init(month: Int, mentor: Int, mentee: Int, mentorDepartment: Int?, menteeDepartment: Int?) {
        self.month = month
        self.mentor = mentor
        self.mentee = mentee
        self.mentorDepartment = mentorDepartment
        self.menteeDepartment = menteeDepartment
    }
}

/// Computes the network figures month by month in one pass over the ties and meetings.
///
/// People are dense integers `0..<people`; months are consecutive integers. Components come
/// from a union–find with sizes (near-constant time per tie); two-hop reach from the graph in
/// compressed sparse rows with a stamp array per core (no set allocations, no hashing), which
/// is linear in the two-hop neighbourhoods (Σ degree²); the 12-month figures from sliding-window counts (each meeting enters once
/// and leaves once).
public struct NetworkCalculator {
    public let people: Int

    public init(people: Int) {
        self.people = people
    }

    /// Figures for every month in `months`; `ties` and `meetings` may come in any order. Two-hop
    /// reach, the one costly figure, is computed only from month `twoHopFrom` on (earlier
    /// months get nil), for refreshes that keep stored closed months.
    public func compute(months: ClosedRange<Int>, ties: [Tie], meetings: [Meeting], twoHopFrom: Int? = nil) -> [NetworkMonth] {
        var parent = Array(0..<people)
        var size = [Int](repeating: 1, count: people)
        var degree = [Int](repeating: 0, count: people)
        var adjacency = [[Int32]](repeating: [], count: people)
        var nodes = 0, components = 0, largest = 0, edges = 0

        func find(_ x: Int) -> Int {
            var root = x
            while parent[root] != root { root = parent[root] }
            var node = x
            while parent[node] != root { (node, parent[node]) = (parent[node], root) }
            return root
        }

        let tiesByMonth = Dictionary(grouping: ties, by: \.month)
        let meetingsByMonth = Dictionary(grouping: meetings, by: \.month)
        var window = SlidingWindow(people: people)
        var results: [NetworkMonth] = []

        for month in months {
            var figures = NetworkMonth(month: month)
            let fresh = tiesByMonth[month] ?? []
            var crossing = 0, known = 0
            for tie in fresh {
                for person in [tie.first, tie.second] where degree[person] == 0 {
                    nodes += 1
                    components += 1
                    largest = max(largest, 1)
                }
                degree[tie.first] += 1
                degree[tie.second] += 1
                adjacency[tie.first].append(Int32(tie.second))
                adjacency[tie.second].append(Int32(tie.first))
                edges += 1
                let (a, b) = (find(tie.first), find(tie.second))
                if a != b {
                    let (big, small) = size[a] >= size[b] ? (a, b) : (b, a)
                    parent[small] = big
                    size[big] += size[small]
                    components -= 1
                    largest = max(largest, size[big])
                }
                if let crosses = tie.crossesDepartments {
                    known += 1
                    if crosses { crossing += 1 }
                }
            }
            figures.newTies = fresh.count
            figures.cumulativeTies = edges
            figures.crossDepartmentShare = known == 0 ? nil : Double(crossing) / Double(known)
            figures.components = components
            if nodes > 0 {
                figures.averageDegree = 2 * Double(edges) / Double(nodes)
                figures.largestComponentShare = Double(largest) / Double(nodes)
                if month >= twoHopFrom ?? months.lowerBound {
                    figures.meanTwoHopReach = meanTwoHopReach(adjacency: adjacency, degree: degree, nodes: nodes)
                }
            }
            for meeting in meetingsByMonth[month] ?? [] { window.add(meeting) }
            for meeting in meetingsByMonth[month - 12] ?? [] { window.remove(meeting) }
            figures.averageDistinctMentors12m = window.averageDistinctMentors
            figures.averageNetworkBreadth12m = window.averageBreadth
            results.append(figures)
        }
        return results
    }

    /// Mean over people with a tie of how many others are within two hops. The adjacency lists
    /// are first flattened into one array with offsets (compressed sparse rows), so the inner
    /// loops, which run about Σ degree² times, touch plain memory without bounds checks or
    /// reference counting; people are split over the processor's cores, each with its own
    /// stamp array (a person's id marks whom they reached, so stamps never need clearing).
    private func meanTwoHopReach(adjacency: [[Int32]], degree: [Int], nodes: Int) -> Double {
        let graph = FlatGraph(adjacency: adjacency, degree: degree)
        defer { graph.deallocate() }
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8, people / 1000 + 1))
        let totals = UnsafeMutableBufferPointer<Int>.allocate(capacity: workers)
        defer { totals.deallocate() }
        let sink = SendableBuffer(totals)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            sink.buffer[worker] = graph.twoHopReach(people: Swift.stride(from: worker, to: graph.people, by: workers))
        }
        return Double(totals.reduce(0, +)) / Double(nodes)
    }
}

/// An undirected graph in compressed sparse rows, read-only while workers share it.
private struct FlatGraph: @unchecked Sendable {
    let people: Int
    let offsets: UnsafeMutableBufferPointer<Int>
    let neighbours: UnsafeMutableBufferPointer<Int32>
    let degree: UnsafeMutableBufferPointer<Int>

    init(adjacency: [[Int32]], degree: [Int]) {
        people = adjacency.count
        offsets = .allocate(capacity: people + 1)
        offsets[0] = 0
        for person in 0..<people { offsets[person + 1] = offsets[person] + adjacency[person].count }
        neighbours = .allocate(capacity: max(1, offsets[people]))
        for person in 0..<people {
            for (index, neighbour) in adjacency[person].enumerated() { neighbours[offsets[person] + index] = neighbour }
        }
        self.degree = .allocate(capacity: max(1, people))
        _ = self.degree.initialize(from: degree)
    }

    func deallocate() {
        offsets.deallocate()
        neighbours.deallocate()
        degree.deallocate()
    }

    /// The summed two-hop reach of `people` (those with a tie).
    func twoHopReach(people chosen: StrideTo<Int>) -> Int {
        let stamp = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(1, people))
        defer { stamp.deallocate() }
        stamp.initialize(repeating: -1)
        var total = 0
        for person in chosen where degree[person] > 0 {
            let mark = Int32(person)
            stamp[person] = mark
            for index in offsets[person]..<offsets[person + 1] {
                let n = Int(neighbours[index])
                if stamp[n] != mark { stamp[n] = mark; total += 1 }
                for second in offsets[n]..<offsets[n + 1] {
                    let s = Int(neighbours[second])
                    if stamp[s] != mark { stamp[s] = mark; total += 1 }
                }
            }
        }
        return total
    }
}

/// Lets each concurrent worker write its own slot of a shared buffer.
private struct SendableBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Int>
    init(_ buffer: UnsafeMutableBufferPointer<Int>) { self.buffer = buffer }
}

/// Counts over the meetings of the last twelve months.
struct SlidingWindow {
    /// (mentee, mentor) → meetings in the window.
    private var pairs: [Int64: Int] = [:]
    /// mentee → distinct mentors in the window.
    private var mentorsOf: [Int: Int] = [:]
    /// person → meetings in the window (either role).
    private var meetingsOf: [Int: Int] = [:]
    /// (person, other department) → cross-department meetings in the window.
    private var departmentMeetings: [Int64: Int] = [:]
    /// person → distinct other departments met in the window.
    private var breadthOf: [Int: Int] = [:]
    let people: Int

    init(people: Int) {
        self.people = people
    }

    private func key(_ a: Int, _ b: Int) -> Int64 { Int64(a) * Int64(people + 1) + Int64(b) }

    mutating func add(_ meeting: Meeting) { update(meeting, by: 1) }
    mutating func remove(_ meeting: Meeting) { update(meeting, by: -1) }

    private mutating func update(_ meeting: Meeting, by delta: Int) {
        let pair = key(meeting.mentee, meeting.mentor)
        let before = pairs[pair, default: 0]
        pairs[pair] = before + delta
        if before == 0 && delta > 0 { mentorsOf[meeting.mentee, default: 0] += 1 }
        if before + delta == 0 { pairs[pair] = nil; bump(&mentorsOf, meeting.mentee, -1) }
        for person in [meeting.mentor, meeting.mentee] { bump(&meetingsOf, person, delta) }
        guard let mentorDepartment = meeting.mentorDepartment, let menteeDepartment = meeting.menteeDepartment,
              mentorDepartment != menteeDepartment else { return }
        for (person, other) in [(meeting.mentor, menteeDepartment), (meeting.mentee, mentorDepartment)] {
            let entry = key(person, other)
            let count = departmentMeetings[entry, default: 0]
            departmentMeetings[entry] = count + delta == 0 ? nil : count + delta
            if count == 0 && delta > 0 { breadthOf[person, default: 0] += 1 }
            if count + delta == 0 { bump(&breadthOf, person, -1) }
        }
    }

    private func bump(_ counts: inout [Int: Int], _ key: Int, _ delta: Int) {
        let value = counts[key, default: 0] + delta
        counts[key] = value == 0 ? nil : value
    }

    /// Over mentees with a meeting in the window: mean distinct mentors.
    var averageDistinctMentors: Double? {
        mentorsOf.isEmpty ? nil : Double(mentorsOf.values.reduce(0, +)) / Double(mentorsOf.count)
    }

    /// Over people with a meeting in the window: mean distinct other departments met.
    var averageBreadth: Double? {
        meetingsOf.isEmpty ? nil : Double(breadthOf.values.reduce(0, +)) / Double(meetingsOf.count)
    }
}
