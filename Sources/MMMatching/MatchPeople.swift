import MMStore

/// A mentee as the rules and scores see them: the stored candidate (its fields read through,
/// as in `mentee.department`) with what scoring derives once rather than for every pair.
@dynamicMemberLookup
public struct MenteeProfile: Sendable, Equatable {
    public let candidate: MenteeCandidate
    /// From the title (see `Seniority`), nil when the title does not tell.
    public let seniorityLevel: Int?

    public init(_ candidate: MenteeCandidate) {
        self.candidate = candidate
        self.seniorityLevel = Seniority.level(of: candidate.title)
    }

    /// A stored field, read through: `mentee.department` is `mentee.candidate.department`.
    public subscript<Value>(dynamicMember field: KeyPath<MenteeCandidate, Value>) -> Value {
        candidate[keyPath: field]
    }
}

/// A mentor as the rules and scores see them: the stored candidate (with its load in the
/// round's month) and what scoring derives once rather than for every pair.
@dynamicMemberLookup
public struct MentorProfile: Sendable, Equatable {
    public let candidate: MentorCandidate
    /// From the title (see `Seniority`), nil when the title does not tell.
    public let seniorityLevel: Int?
    /// `topics` lower-cased, for comparisons.
    public let normalizedTopics: [String]

    public init(_ candidate: MentorCandidate) {
        self.candidate = candidate
        self.seniorityLevel = Seniority.level(of: candidate.title)
        self.normalizedTopics = candidate.topics.map { $0.lowercased() }
    }

    /// A stored field, read through: `mentor.load` is `mentor.candidate.load`.
    public subscript<Value>(dynamicMember field: KeyPath<MentorCandidate, Value>) -> Value {
        candidate[keyPath: field]
    }
}

/// Who stands above whom in the current roster's management chains, as far as matching needs
/// to know: never pair a person with someone above or below them.
public struct ManagementLine: Sendable {
    private var above: [String: Set<String>] = [:]

    /// From each person's managers up the chain.
    public init(chains: [String: [String]] = [:]) {
        for (person, managers) in chains { above[person] = Set(managers) }
    }

    /// Records that `manager` is somewhere above `person`.
    public mutating func add(person: String, above manager: String) {
        above[person, default: []].insert(manager)
    }

    /// Whether one of the two is above the other.
    public func related(_ a: String, _ b: String) -> Bool {
        above[a]?.contains(b) == true || above[b]?.contains(a) == true
    }
}
