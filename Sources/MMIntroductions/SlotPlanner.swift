import MMDomain

/// Gives each pair a slot of the window: spread evenly over it in the pairs' order, and never
/// two overlapping slots for one person (a mentor with several mentees meets them one after
/// the other). Deterministic: the same pairs and window give the same slots.
public enum SlotPlanner {
    /// Slot starts for pairs of people (any ids), in the order given. Throws a usage error when
    /// the window has no room for everyone.
    public static func plan(pairs: [(String, String)], window: SlotWindow, minutes: Int) throws(MMError) -> [UTCMinute] {
        let slots = window.slots(minutes: minutes)
        guard !slots.isEmpty || pairs.isEmpty else {
            throw MMError(.usage, "The slot window \(window.first)..\(window.last) has no weekday slot of \(minutes) minutes.")
        }
        var busy: [String: Set<Int>] = [:]
        var chosen: [UTCMinute] = []
        for (index, pair) in pairs.enumerated() {
            let preferred = index * slots.count / pairs.count
            let free = (0..<slots.count).lazy.map { (preferred + $0) % slots.count }.first { slot in
                !(busy[pair.0]?.contains(slot) ?? false) && !(busy[pair.1]?.contains(slot) ?? false)
            }
            guard let free else {
                throw MMError(.usage, "The slot window \(window.first)..\(window.last) has \(slots.count) slot\(slots.count == 1 ? "" : "s") "
                              + "of \(minutes) minutes, too few for \(pairs.count) introductions without double-booking someone.")
            }
            busy[pair.0, default: []].insert(free)
            busy[pair.1, default: []].insert(free)
            chosen.append(slots[free])
        }
        return chosen
    }
}
