import Foundation
import MMDomain
import MMStore

/// The report's section "Where guidance is needed" (`ReportStore.Guidance`): topics with
/// mentees waiting, mentor load, formats and ratings, time to first session. Hidden figures
/// read "<k" in tables, null in JSON, and are left out of the long CSV, like the other tables.
struct GuidanceSection {
    typealias Guidance = ReportStore.Guidance
    typealias Table = (title: String, header: [String], rows: [[String]], cssClass: String?)

    let guidance: Guidance
    let threshold: Int
    let periodName: String

    static let heading = "Where guidance is needed"
    /// How many topics the report lists (most mentees waiting first).
    static let topicCount = 8

    var hidden: String { "<\(threshold)" }

    func count(_ value: Int?) -> String { value.map { Formatting.number(Double($0)) } ?? hidden }
    func count(_ value: Double??) -> String {
        guard let known = value.flatMap({ $0 }) else { return hidden }
        return Formatting.number(known)
    }

    /// Topics with mentees waiting (or a hidden count of them), most first.
    var topicRows: [[String]] {
        guidance.topics.filter { $0.waitingMentees ?? 1 > 0 }.prefix(Self.topicCount).map { topic in
            [topic.topic, count(topic.waitingMentees), count(topic.availableMentors), count(topic.freeCapacity),
             topic.demandPerAvailableMentor.map { String(format: "%.1f", $0) }
                 ?? (topic.waitingMentees == nil || topic.availableMentors == nil ? hidden : "no free mentor"),
             count(topic.sessions)]
        }
    }

    var loadRows: [[String]] {
        let load = guidance.load
        var rows = [["Idle (no sessions)", count(load["idle_mentors"])], ["Under capacity", count(load["under_capacity_mentors"])],
                    ["At capacity", count(load["at_capacity_mentors"])], ["Over capacity", count(load["over_capacity_mentors"])],
                    ["All mentors", count(load["mentors"])]]
        if let busiest = load["busiest_mentors"].flatMap({ $0 }), busiest > 0 {
            let share = load["busiest_session_share"].flatMap { $0 }
            rows.append(["Share of sessions given by the busiest 10 % (\(Formatting.number(busiest)))",
                         share.map { Formatting.percent($0) } ?? hidden])
        }
        return rows
    }

    func rating(_ value: Double?, behind rated: Int?) -> String {
        if let value { return String(format: "%.1f", value) }
        return rated == nil ? hidden : "–"
    }

    var formatRows: [[String]] {
        guidance.formats.map { format in
            [format.format.replacingOccurrences(of: "_", with: " "), count(format.sessions), count(format.participants),
             rating(format.averageRating, behind: format.ratedSessions),
             rating(format.averageMentorRating, behind: format.mentorRatedSessions),
             format.goalMetRate.map { Formatting.percent($0) } ?? (format.ratedSessions == nil ? hidden : "–"),
             count(format.followUps)]
        }
    }

    var ratingRows: [[String]] {
        [("mentee", "Mentees"), ("mentor", "Mentors")].map { side, label in
            [label] + (1...5).map { value in count(guidance.ratings.first { $0.side == side && $0.rating == value }?.sessions) }
        }
    }

    var waitRows: [[String]] {
        let waits = guidance.timeToFirstSession
        let median = waits["median_days_to_first_session"].flatMap { $0 }
        return [["Mentees who had their first session", count(waits["first_sessions"])],
                ["Median days from enrolment to first session",
                 median.map { String(format: "%.0f", $0) } ?? (waits["first_sessions"].flatMap { $0 } ?? 0 > 0 ? hidden : "–")],
                ["Enrolled mentees still waiting at the month’s end", count(waits["waiting_mentees"])],
                ["… of them waiting more than 30 days", count(waits["waiting_over_30_days"])]]
    }

    /// The section's tables, in the order the section shows them.
    var tables: [Table] {
        var result: [Table] = []
        if !topicRows.isEmpty {
            result.append(("Topics with mentees waiting, \(periodName)",
                           ["Topic", "Mentees waiting", "Mentors with a free place", "Free places", "Waiting per free mentor", "Sessions"],
                           topicRows, nil))
        }
        result.append(("Time to first session, \(periodName)", ["Mentees", "Number"], waitRows, nil))
        result.append(("Mentor load against capacity, \(periodName)", ["Mentors", "Number"], loadRows, nil))
        if !formatRows.isEmpty {
            result.append(("Formats and ratings, \(periodName)",
                           ["Format", "Sessions", "Participants", "Mentee rating", "Mentor rating", "Goals met", "Follow-ups"],
                           formatRows, nil))
            result.append(("Sessions by rating (1–5), \(periodName)", ["Rated by", "1", "2", "3", "4", "5"], ratingRows, nil))
        }
        return result
    }

    // MARK: - JSON and CSV

    /// The JSON object under the key `guidance` (null: hidden).
    var json: [String: Any] {
        func value(_ number: Int?) -> Any { number as Any? ?? NSNull() }
        func value(_ number: Double?) -> Any { number as Any? ?? NSNull() }
        return [
            "topics": guidance.topics.map { topic -> [String: Any] in
                ["topic": topic.topic, "sessions": value(topic.sessions), "waiting_mentees": value(topic.waitingMentees),
                 "offering_mentors": value(topic.offeringMentors), "available_mentors": value(topic.availableMentors),
                 "free_capacity": value(topic.freeCapacity), "demand_per_available_mentor": value(topic.demandPerAvailableMentor)]
            },
            "mentor_load": Dictionary(uniqueKeysWithValues: Guidance.loadColumns.map { ($0, value(guidance.load[$0].flatMap { $0 })) }),
            "formats": guidance.formats.map { format -> [String: Any] in
                ["format": format.format, "sessions": value(format.sessions), "active_participants": value(format.participants),
                 "avg_rating": value(format.averageRating), "rated_sessions": value(format.ratedSessions),
                 "avg_mentor_rating": value(format.averageMentorRating),
                 "mentor_rated_sessions": value(format.mentorRatedSessions), "goal_met_rate": value(format.goalMetRate),
                 "follow_ups": value(format.followUps)]
            },
            "ratings": guidance.ratings.map { ["side": $0.side, "rating": $0.rating, "sessions": value($0.sessions)] as [String: Any] },
            "time_to_first_session": Dictionary(uniqueKeysWithValues: Guidance.timeToFirstSessionColumns.map {
                ($0, value(guidance.timeToFirstSession[$0].flatMap { $0 }))
            }),
        ]
    }

    /// The long CSV's (metric, value) pairs: `guidance.topic[NAME].COLUMN`, `guidance.mentor_load.COLUMN`,
    /// `guidance.format[NAME].COLUMN`, `guidance.rating[SIDE][N].sessions`, `guidance.time_to_first_session.COLUMN`;
    /// hidden figures are left out.
    var csvFigures: [(String, Double)] {
        var figures: [(String, Double?)] = []
        for topic in guidance.topics {
            let key = "guidance.topic[\(topic.topic)]"
            figures += [("\(key).sessions", topic.sessions.map(Double.init)),
                        ("\(key).waiting_mentees", topic.waitingMentees.map(Double.init)),
                        ("\(key).offering_mentors", topic.offeringMentors.map(Double.init)),
                        ("\(key).available_mentors", topic.availableMentors.map(Double.init)),
                        ("\(key).free_capacity", topic.freeCapacity.map(Double.init)),
                        ("\(key).demand_per_available_mentor", topic.demandPerAvailableMentor)]
        }
        figures += Guidance.loadColumns.map { ("guidance.mentor_load.\($0)", guidance.load[$0].flatMap { $0 }) }
        for format in guidance.formats {
            let key = "guidance.format[\(format.format)]"
            figures += [("\(key).sessions", format.sessions.map(Double.init)),
                        ("\(key).active_participants", format.participants.map(Double.init)),
                        ("\(key).avg_rating", format.averageRating), ("\(key).rated_sessions", format.ratedSessions.map(Double.init)),
                        ("\(key).avg_mentor_rating", format.averageMentorRating),
                        ("\(key).mentor_rated_sessions", format.mentorRatedSessions.map(Double.init)),
                        ("\(key).goal_met_rate", format.goalMetRate), ("\(key).follow_ups", format.followUps.map(Double.init))]
        }
        figures += guidance.ratings.map { ("guidance.rating[\($0.side)][\($0.rating)].sessions", $0.sessions.map(Double.init)) }
        figures += Guidance.timeToFirstSessionColumns.map {
            ("guidance.time_to_first_session.\($0)", guidance.timeToFirstSession[$0].flatMap { $0 })
        }
        return figures.compactMap { key, value in value.map { (key, $0) } }
    }
}
