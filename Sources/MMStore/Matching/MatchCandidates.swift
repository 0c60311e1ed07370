import MMCalendar

/// A mentor who could be proposed in a round, as stored: profile, roster facts and load.
public struct MentorCandidate: Sendable, Equatable {
    public let employeeID: String
    public let name: String
    public let department: String?
    public let location: String?
    public let title: String?
    /// As entered; matching compares them case-insensitively.
    public let topics: [String]
    public let monthlyCapacity: Int
    /// The round's month's load (`MentorLoad`): sessions plus open proposals not yet met.
    public let load: Int
    /// False when the mentor profile is paused.
    public let available: Bool
    /// False when the roster lists the person as inactive.
    public let employed: Bool

    /// Places left this month.
    public var freePlaces: Int { max(0, monthlyCapacity - load) }
}

/// A person looking for a micromentor, as stored, with when their wait began.
public struct MenteeCandidate: Sendable, Equatable {
    public let employeeID: String
    public let department: String?
    public let location: String?
    public let title: String?
    /// Lower-cased topics of their past completed sessions as mentee.
    public let pastTopics: Set<String>
    /// False when the roster lists the person as inactive.
    public let active: Bool
    /// The later of their enrolment and their last completed session as mentee up to the
    /// round; the round's day when neither exists.
    public let waitingSince: CalendarDate
}

/// What the two people have done together, as far as the matching rules care.
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

    /// Two people who have done nothing together.
    public static let none = PairHistory()
}
