/// A person looking for a micromentor, with what matching needs to know about them.
public struct MenteeProfile: Sendable, Equatable {
    public let employeeID: String
    public let department: String?
    public let location: String?
    public let title: String?
    /// Lower-cased topics of their past completed sessions as mentee.
    public let pastTopics: Set<String>
    public let active: Bool
    /// From the title (see `Seniority`), nil when the title does not tell.
    public let seniorityLevel: Int?

    public init(employeeID: String, department: String? = nil, location: String? = nil, title: String? = nil,
                pastTopics: Set<String> = [], active: Bool = true) {
        self.employeeID = employeeID
        self.department = department
        self.location = location
        self.title = title
        self.pastTopics = pastTopics
        self.active = active
        self.seniorityLevel = Seniority.level(of: title)
    }
}

/// A mentor who could be proposed, with their load in the round's month.
public struct MentorProfile: Sendable, Equatable {
    public let employeeID: String
    public let name: String
    public let department: String?
    public let location: String?
    public let title: String?
    /// As entered; compared case-insensitively.
    public let topics: [String]
    public let monthlyCapacity: Int
    /// Sessions scheduled or completed in the round's month plus open proposals not yet met.
    public let load: Int
    /// False when the mentor profile is paused.
    public let available: Bool
    /// False when the roster lists the person as inactive.
    public let employed: Bool
    /// From the title (see `Seniority`), nil when the title does not tell.
    public let seniorityLevel: Int?
    /// `topics` lower-cased, for comparisons.
    public let normalizedTopics: [String]

    public init(employeeID: String, name: String = "", department: String? = nil, location: String? = nil,
                title: String? = nil, topics: [String] = [], monthlyCapacity: Int = 4, load: Int = 0,
                available: Bool = true, employed: Bool = true) {
        self.employeeID = employeeID
        self.name = name
        self.department = department
        self.location = location
        self.title = title
        self.topics = topics
        self.monthlyCapacity = monthlyCapacity
        self.load = load
        self.available = available
        self.employed = employed
        self.seniorityLevel = Seniority.level(of: title)
        self.normalizedTopics = topics.map { $0.lowercased() }
    }

    /// Places left this month.
    public var freePlaces: Int { max(0, monthlyCapacity - load) }
}

/// What the two people have done together, as far as the rules care.
public struct PairHistory: Sendable, Equatable {
    /// They completed at least one session together, in either role.
    public var metBefore: Bool
    /// A session scheduled or completed within the cool-down before or after the round.
    public var withinCooldown: Bool
    /// This pair was proposed and declined for the same round.
    public var declinedThisRound: Bool

    public init(metBefore: Bool = false, withinCooldown: Bool = false, declinedThisRound: Bool = false) {
        self.metBefore = metBefore
        self.withinCooldown = withinCooldown
        self.declinedThisRound = declinedThisRound
    }

    public static let none = PairHistory()
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
