import MMCalendar
import Foundation
import MMDomain
import MMStore
import PostgresClient

/// The rules for logging one session by hand (one session typed in). Stricter than a bulk
/// import of history, because a typo here is a new record, not an old fact:
/// people must be employees on the session's day (unless allowed), and a named cohort must include both
/// people and the session's date.
public final class SessionLogger: ConnectionBound {
    public struct Request: Sendable {
        public var mentor: String
        public var mentee: String
        public var startedAt: Date
        public var minutes: Int
        public var format: String
        public var topic: String?
        public var cohort: String?
        public var status: String
        /// Accept people who have left (back-filling a session they had).
        public var allowInactive: Bool

        public init(mentor: String, mentee: String, startedAt: Date, minutes: Int, format: String, topic: String?,
                    cohort: String?, status: String, allowInactive: Bool) {
            self.mentor = mentor
            self.mentee = mentee
            self.startedAt = startedAt
            self.minutes = minutes
            self.format = format
            self.topic = topic
            self.cohort = cohort
            self.status = status
            self.allowInactive = allowInactive
        }
    }

    /// Checks the request and stores the session; returns its number.
    public func log(_ request: Request) throws -> Int {
        let people = try PeopleResolver(connection: connection).resolve([request.mentor, request.mentee])
        let (mentor, mentee) = (people[0], people[1])
        guard (1...480).contains(request.minutes) else {
            throw MMError(.usage, "A session lasts 1 to 480 minutes, not \(request.minutes).")
        }
        let day = SessionRules.day(of: request.startedAt)
        let rules = SessionRules(connection: connection)
        try rules.checkPeople(mentor: mentor.employeeID, mentee: mentee.employeeID, on: day, allowInactive: request.allowInactive)
        var cohortID: Int?
        if let reference = request.cohort {
            let cohort = try CohortRepository(connection: connection).find(reference)
            try rules.checkMembers([mentor.employeeID, mentee.employeeID], of: cohort)
            guard day >= cohort.startsOn, day <= cohort.endsOn else {
                throw MMError(.dataError, "The session (\(day)) is outside the cohort \(cohort.name) (\(cohort.startsOn) to \(cohort.endsOn)).")
            }
            cohortID = cohort.id
        }
        return try SessionRepository(connection: connection).log(.init(
            mentorID: mentor.employeeID, menteeID: mentee.employeeID, startedAt: request.startedAt, minutes: request.minutes,
            format: request.format, topic: request.topic, cohortID: cohortID, status: request.status))
    }
}
