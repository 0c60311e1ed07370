import MMCalendar
import Foundation
import PostgresClient

/// A synthetic micromentoring program on top of a synthetic roster: quarterly cohorts, mentor
/// profiles, enrolments, sessions and outcomes, written as the CSV files a customer's
/// scheduling tool and survey would export.
public struct SyntheticProgram {
    static let topics = ["negotiation", "sql", "leadership", "career growth", "public speaking", "swift",
                         "product management", "data analysis", "hiring", "feedback", "time management", "sales"]
    static let formats = ["coffee_chat", "coffee_chat", "call", "video", "video", "qa", "walk"]
    static let notes = ["Very helpful, thanks!", "Good pointers; we'll meet again", "Too short, but useful",
                        "Great \"aha\" moment", "Shared a template, very practical", "=not a formula"]

    public struct Files {
        public var cohorts = ""
        public var mentors = ""
        public var enrollments = ""
        public var sessions = ""
        public var outcomes = ""
        public var sessionCount = 0
    }

    /// Generates `months` months of history ending with the month before `asOf`, about
    /// `sessionsPerMonth` sessions a month among about 30 % of `people`.
    public static func generate(people: [SyntheticPerson], months: Int, sessionsPerMonth: Int?, asOf: CalendarDate,
                                seed: UInt64) -> Files {
        var random = SeededRandom(seed: seed &+ 0x5EED)
        let active = people.filter { $0.status != "Terminated" }
        guard active.count >= 2, months >= 1 else { return Files() }
        let participants = Array(active.shuffled(using: &random).prefix(max(2, active.count * 3 / 10)))
        let mentorCount = max(1, participants.count / 4)
        let mentors = Array(participants.prefix(mentorCount))
        let mentees = Array(participants.dropFirst(mentorCount))
        let perMonth = sessionsPerMonth ?? max(1, participants.count * 9 / 10)
        var files = Files()

        // Months, oldest first: (first day, days in month).
        var monthStarts: [CalendarDate] = []
        var cursor = CalendarDate(year: asOf.year, month: asOf.month, day: 1)!
        for _ in 0..<months {
            cursor = cursor.adding(days: -1)
            cursor = CalendarDate(year: cursor.year, month: cursor.month, day: 1)!
            monthStarts.insert(cursor, at: 0)
        }

        // One cohort per quarter touched.
        var quarters: [(id: String, name: String, start: CalendarDate, end: CalendarDate)] = []
        files.cohorts = "cohort_id,cohort_name,start_date,end_date,type\r\n"
        for month in monthStarts where (month.month - 1) % 3 == 0 || month == monthStarts[0] {
            let quarter = (month.month - 1) / 3 + 1
            let start = CalendarDate(year: month.year, month: (quarter - 1) * 3 + 1, day: 1)!
            let endMonth = quarter * 3
            let end = CalendarDate(year: month.year, month: endMonth, day: CalendarDate.daysIn(month: endMonth, year: month.year))!
            let id = "CH-\(month.year)Q\(quarter)"
            if quarters.contains(where: { $0.id == id }) { continue }
            quarters.append((id, "Micromentoring \(month.year) Q\(quarter)", start, end))
            files.cohorts += "\(id),Micromentoring \(month.year) Q\(quarter),\(start),\(end),micromentoring\r\n"
        }

        files.mentors = "employee_id,topics,monthly_capacity\r\n"
        var mentorTopics: [[String]] = []
        for mentor in mentors {
            var chosen = Set<String>()
            for _ in 0..<random.int(1...3) { chosen.insert(random.pick(topics)) }
            let list = chosen.sorted()
            mentorTopics.append(list)
            files.mentors += "\(mentor.employeeID),\"\(list.joined(separator: ";"))\",\(random.int(2...8))\r\n"
        }

        // The latest quarter's cohort gets explicit enrolments; older ones are filled by sessions.
        files.enrollments = "cohort,employee_id,role\r\n"
        if let current = quarters.last {
            for mentor in mentors.prefix(mentors.count / 2) { files.enrollments += "\(current.id),\(mentor.employeeID),mentor\r\n" }
            for mentee in mentees.prefix(mentees.count / 2) { files.enrollments += "\(current.id),\(mentee.employeeID),mentee\r\n" }
        }

        files.sessions.reserveCapacity(perMonth * months * 120)
        files.sessions = "session_id,mentor_employee_id,mentee_employee_id,started_at,duration_minutes,format,topic,cohort,status\r\n"
        files.outcomes = "outcome_id,session_id,mentee_rating,mentor_rating,goal_met,follow_up,comment\r\n"
        var number = 0
        var seen = Set<String>()
        for (monthIndex, month) in monthStarts.enumerated() {
            let days = CalendarDate.daysIn(month: month.month, year: month.year)
            let quarter = quarters.last { $0.start <= month }!
            let isLatest = monthIndex == monthStarts.count - 1
            for _ in 0..<perMonth {
                let mentorIndex = random.int(0...(mentors.count - 1))
                let mentor = mentors[mentorIndex]
                let mentee = mentees.isEmpty ? mentors[(mentorIndex + 1) % mentors.count] : random.pick(mentees)
                if mentee.employeeID == mentor.employeeID { continue }
                let day = month.adding(days: random.int(0...(days - 1)))
                let time = "\(day)T\(twoDigits(random.int(8...17))):\(twoDigits(random.int(0...3) * 15)):00Z"
                guard seen.insert("\(mentor.employeeID)|\(mentee.employeeID)|\(time)").inserted else { continue }
                number += 1
                let roll = random.int(0...99)
                let status = isLatest && roll < 5 ? "scheduled" : roll < 88 ? "completed" : roll < 95 ? "cancelled" : "no_show"
                let id = "S\(number)"
                let topic = random.pick(mentorTopics[mentorIndex])
                files.sessions += "\(id),\(mentor.employeeID),\(mentee.employeeID),\(time),\(random.pick([15, 20, 20, 30, 30, 45, 60])),"
                    + "\(random.pick(formats)),\(topic),\(quarter.id),\(status)\r\n"
                if status == "completed", random.chance(0.8) {
                    let rating = random.chance(0.1) ? "" : String(random.pick([3, 4, 4, 5, 5, 5]))
                    let goal = random.chance(0.15) ? "" : random.chance(0.7) ? "yes" : "no"
                    let note = random.chance(0.1) ? "\"" + random.pick(notes).replacingOccurrences(of: "\"", with: "\"\"") + "\"" : ""
                    files.outcomes += "O\(number),\(id),\(rating),\(random.int(3...5)),\(goal),\(random.chance(0.2) ? "yes" : "no"),\(note)\r\n"
                }
            }
        }
        files.sessionCount = number
        return files
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}
