import Foundation
import MMCalendar
import MMDomain
import PostgresClient

/// Stored proposals (`mm.match_proposals`): written by `match cohort`, decided by people.
public final class ProposalRepository: ConnectionBound {
    /// One pair of a round as stored: `reason` is why it was proposed, as people read it;
    /// `topic` the topic it was matched on, if any.
    public struct NewPair: Sendable {
        public let menteeID: String
        public let mentorID: String
        public let score: Double
        public let reason: String
        public let topic: String?

        public init(menteeID: String, mentorID: String, score: Double, reason: String, topic: String?) {
            self.menteeID = menteeID
            self.mentorID = mentorID
            self.score = score
            self.reason = reason
            self.topic = topic
        }
    }

    /// Stores a round's pairs in one statement.
    public func store(cohortID: Int, round: CalendarDate, pairs: [NewPair]) throws {
        guard !pairs.isEmpty else { return }
        try connection.execute("""
            INSERT INTO mm.match_proposals (cohort_id, round_on, mentee_id, mentor_id, score, reason, topic)
            SELECT \(cohortID), \(round)::date, p.mentee, p.mentor, p.score, p.reason, nullif(p.topic, '')
            FROM unnest(\(pairs.map(\.menteeID))::text[], \(pairs.map(\.mentorID))::text[],
                        \(pairs.map(\.score))::float8[], \(pairs.map(\.reason))::text[],
                        \(pairs.map { $0.topic ?? "" })::text[]) AS p (mentee, mentor, score, reason, topic)
            """)
    }

    /// A stored proposal with its cohort and both people's names and e-mails, for the commands
    /// that show people.
    public struct Listed: Sendable, Equatable {
        public let proposalID: Int
        public let cohortID: Int
        public let cohort: String
        public let round: CalendarDate
        public let menteeID: String
        /// Given and family name; nil when the roster has neither.
        public let menteeName: String?
        public let menteeEmail: String
        public let mentorID: String
        public let mentorName: String?
        public let mentorEmail: String
        public let score: Double
        public let status: String
        public let reason: String
        /// The topic the pair was matched on, else the mentor's topics (empty when neither).
        public let topics: [String]
        /// When the proposal was stored and last decided (for calendar sequence numbers).
        public let createdAt: Date
        public let decidedAt: Date?
    }

    /// Proposals, newest round first, optionally of one cohort, round and statuses (nil or
    /// empty: every status).
    public func list(cohortID: Int?, round: CalendarDate?, statuses: [String]? = nil) throws -> [Listed] {
        let statuses = statuses ?? []
        return try connection.query("""
            SELECT p.proposal_id, p.cohort_id, c.name AS cohort, p.round_on,
                   p.mentee_id, nullif(concat_ws(' ', mentee.given_name, mentee.family_name), '') AS mentee_name,
                   mentee.email AS mentee_email,
                   p.mentor_id, nullif(concat_ws(' ', mentor.given_name, mentor.family_name), '') AS mentor_name,
                   mentor.email AS mentor_email,
                   p.score, p.status, p.reason,
                   CASE WHEN p.topic IS NOT NULL THEN ARRAY[p.topic] ELSE coalesce(m.topics, '{}') END AS topics,
                   p.created_at, p.decided_at
            FROM mm.match_proposals AS p
            JOIN mm.cohorts AS c USING (cohort_id)
            JOIN mm.employees AS mentee ON mentee.employee_id = p.mentee_id
            JOIN mm.employees AS mentor ON mentor.employee_id = p.mentor_id
            LEFT JOIN mm.mentors AS m ON m.employee_id = p.mentor_id
            WHERE (\(cohortID)::bigint IS NULL OR p.cohort_id = \(cohortID))
              AND (\(round)::date IS NULL OR p.round_on = \(round)::date)
              AND (cardinality(\(statuses)::text[]) = 0 OR p.status = ANY(\(statuses)::text[]))
            ORDER BY p.round_on DESC, c.name, p.mentee_id, p.proposal_id
            """).rows.map { row in
            Listed(proposalID: try row.decode(Int.self, "proposal_id"), cohortID: try row.decode(Int.self, "cohort_id"),
                   cohort: try row.decode(String.self, "cohort"), round: try row.decode(CalendarDate.self, "round_on"),
                   menteeID: try row.decode(String.self, "mentee_id"), menteeName: try row.decode(String?.self, "mentee_name"),
                   menteeEmail: try row.decode(String.self, "mentee_email"),
                   mentorID: try row.decode(String.self, "mentor_id"), mentorName: try row.decode(String?.self, "mentor_name"),
                   mentorEmail: try row.decode(String.self, "mentor_email"),
                   score: try row.decode(Double.self, "score"), status: try row.decode(String.self, "status"),
                   reason: try row.decode(String.self, "reason"), topics: try row.decode([String].self, "topics"),
                   createdAt: try row.decode(Date.self, "created_at"), decidedAt: try row.decode(Date?.self, "decided_at"))
        }
    }

    /// Marks open proposals accepted or declined (an id given twice counts once) and returns
    /// how many. Throws, changing nothing, when an id is unknown or already decided.
    @discardableResult
    public func decide(_ requested: [Int], accept: Bool) throws -> Int {
        let ids = Array(Set(requested)).sorted()
        return try connection.transaction {
            var statuses: [Int: String] = [:]
            for row in try connection.query("""
                SELECT proposal_id, status FROM mm.match_proposals WHERE proposal_id = ANY(\(ids)::bigint[]) FOR UPDATE
                """).rows {
                statuses[try row.decode(Int.self, "proposal_id")] = try row.decode(String.self, "status")
            }
            let problems = ids.compactMap { id -> String? in
                switch statuses[id] {
                case nil: return "There is no proposal \(id)."
                case "proposed": return nil
                case let status?: return "Proposal \(id) is already \(status)."
                }
            }
            if !problems.isEmpty {
                throw MMError(.dataError, problems.count == 1 ? problems[0] : "\(problems.count) proposals cannot be decided.",
                              details: problems.count == 1 ? [] : problems)
            }
            try connection.execute("""
                UPDATE mm.match_proposals SET status = \(accept ? "accepted" : "declined"), decided_at = now()
                WHERE proposal_id = ANY(\(ids)::bigint[])
                """)
            return ids.count
        }
    }
}
