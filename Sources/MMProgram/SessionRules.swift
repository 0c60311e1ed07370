import Foundation
import MMCalendar
import MMDomain
import MMStore
import PostgresClient

/// The checks a session typed in by hand passes, whether logged or corrected.
struct SessionRules {
    let connection: PostgresConnection

    /// The UTC day of an instant (the metrics' time zone).
    static func day(of instant: Date) -> CalendarDate {
        CalendarDate(daysSinceEpoch: Int((instant.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// Two different people, both on staff on `day` unless `allowInactive`.
    func checkPeople(mentor: String, mentee: String, on day: CalendarDate, allowInactive: Bool) throws {
        guard mentor != mentee else {
            throw MMError(.dataError, "The mentor and the mentee are the same person (\(mentor)).")
        }
        if !allowInactive, let absent = try EmployeeRepository(connection: connection).notEmployed([mentor, mentee], on: day).first {
            throw MMError(.dataError, "\(absent) was not an active employee on \(day), the session's day (UTC).",
                          remedy: .allowInactive)
        }
    }

    /// Both people current members of `cohort`.
    func checkMembers(_ people: [String], of cohort: CohortRepository.Cohort) throws {
        let cohorts = CohortRepository(connection: connection)
        for person in people where try !cohorts.isMember(cohort, employeeID: person) {
            throw MMError(.dataError, "\(person) is not a member of the cohort \(cohort.name).",
                          remedy: .enrol(cohort: cohort.name, employeeID: person, role: nil))
        }
    }
}
