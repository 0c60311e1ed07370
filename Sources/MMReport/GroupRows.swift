import Foundation
import MMStore

/// How a group's participation (a department or a cohort, `ReportStore.GroupParticipation`)
/// reads in a report: table rows, JSON objects and CSV figures. Hidden figures read "<k" in
/// tables and null in JSON.
enum GroupRows {
    typealias Group = ReportStore.GroupParticipation

    static let departmentHeader = ["Department", "Headcount", "Active participants", "Participation rate", "Sessions", "Average rating"]
    static let cohortHeader = ["Cohort", "Sessions", "Active participants", "Average rating"]

    /// Highest participation rate first; groups whose rate is hidden or undefined last, by name.
    static func byParticipationRate(_ groups: [Group]) -> [Group] {
        groups.sorted { a, b in
            switch (a.participationRate, b.participationRate) {
            case let (x?, y?) where x != y: return x > y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.group < b.group
            }
        }
    }

    static func departmentRow(_ group: Group, threshold: Int) -> [String] {
        let hidden = "<\(threshold)"
        return [group.group, count(group.headcount, hidden), count(group.activeParticipants, hidden),
                group.activeParticipants == nil ? hidden : Formatting.percent(group.participationRate),
                count(group.sessions, hidden), rating(group, hidden)]
    }

    static func cohortRow(_ group: Group, threshold: Int) -> [String] {
        let hidden = "<\(threshold)"
        return [group.group, count(group.sessions, hidden), count(group.activeParticipants, hidden), rating(group, hidden)]
    }

    /// A JSON object with the group's name under `key` and its figures (null: hidden).
    static func json(_ group: Group, key: String) -> [String: Any] {
        var object: [String: Any] = [key: group.group]
        for (column, value) in all(group) { object[column] = value ?? NSNull() }
        return object
    }

    /// The group's known figures, for the long CSV format.
    static func figures(_ group: Group) -> [(String, Double)] {
        all(group).compactMap { column, value in value.map { (column, $0) } }
    }

    private static func all(_ group: Group) -> [(String, Double?)] {
        [("headcount", group.headcount.map(Double.init)), ("active_participants", group.activeParticipants.map(Double.init)),
         ("participation_rate", group.participationRate), ("sessions", group.sessions.map(Double.init)),
         ("avg_rating", group.averageRating), ("rated_sessions", group.ratedSessions.map(Double.init))]
    }

    private static func count(_ value: Int?, _ hidden: String) -> String {
        value.map { Formatting.number(Double($0)) } ?? hidden
    }

    /// A rating: "<k" when hidden (with the group, or because too few mentees rated), "–"
    /// when nobody rated.
    private static func rating(_ group: Group, _ hidden: String) -> String {
        if let rating = group.averageRating { return String(format: "%.1f", rating) }
        return group.ratedSessions == nil ? hidden : "–"
    }
}
