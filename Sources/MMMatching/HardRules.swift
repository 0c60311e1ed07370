import MMStore

/// Why a mentor cannot be proposed to a mentee. These rules are never traded against score.
public enum Exclusion: String, Sendable, CaseIterable, Comparable {
    case samePerson = "the mentee themself"
    case managementChain = "in the management chain"
    case inactive = "inactive employee"
    case paused = "paused"
    case atCapacity = "at monthly capacity"
    case cooldown = "met within the cool-down"
    case declined = "declined this round"

    public static func < (lhs: Exclusion, rhs: Exclusion) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The hard rules of DESIGN.md's "Matching": not the mentee, not in their management chain
/// either way, employed, not paused, below monthly capacity, no session together within the
/// cool-down, and not a pair declined for this round.
public enum HardRules {
    /// The first rule that forbids the pair, or nil when it is allowed.
    public static func exclusion(mentee: MenteeProfile, mentor: MentorProfile, history: PairHistory,
                                 line: ManagementLine) -> Exclusion? {
        if mentor.employeeID == mentee.employeeID { return .samePerson }
        if line.related(mentee.employeeID, mentor.employeeID) { return .managementChain }
        if !mentor.employed { return .inactive }
        if !mentor.available { return .paused }
        if mentor.freePlaces == 0 { return .atCapacity }
        if history.withinCooldown { return .cooldown }
        if history.declinedThisRound { return .declined }
        return nil
    }

    /// "3 in the management chain, 12 at monthly capacity": why nobody was left, for an unmatched mentee.
    public static func summary(_ counts: [Exclusion: Int]) -> String {
        counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", ")
    }
}
