import MMCalendar
import MMDomain
import PostgresClient

/// Stored proposals (`mm.match_proposals`): written by `match cohort`, decided by people.
public final class ProposalRepository: ConnectionBound {
    /// Stores a round's pairs in one statement; `reason` is why the pair was proposed, as people read it.
    public func store(cohortID: Int, round: CalendarDate,
                      pairs: [(menteeID: String, mentorID: String, score: Double, reason: String)]) throws {
        guard !pairs.isEmpty else { return }
        try connection.execute("""
            INSERT INTO mm.match_proposals (cohort_id, round_on, mentee_id, mentor_id, score, reason)
            SELECT \(cohortID), \(round)::date, p.mentee, p.mentor, p.score, p.reason
            FROM unnest(\(pairs.map(\.menteeID))::text[], \(pairs.map(\.mentorID))::text[],
                        \(pairs.map(\.score))::float8[], \(pairs.map(\.reason))::text[]) AS p (mentee, mentor, score, reason)
            """)
    }

    /// A stored proposal with its cohort's and mentor's names.
    public struct Listed: Sendable, Equatable {
        public let proposalID: Int
        public let cohort: String
        public let round: CalendarDate
        public let menteeID: String
        public let mentorID: String
        public let mentorName: String
        public let score: Double
        public let status: String
        public let reason: String
    }

    /// Proposals, newest round first, optionally of one cohort, round or status.
    public func list(cohortID: Int?, round: CalendarDate?, status: String?) throws -> [Listed] {
        try connection.query("""
            SELECT p.proposal_id, c.name AS cohort, p.round_on, p.mentee_id, p.mentor_id,
                   concat_ws(' ', e.given_name, e.family_name) AS mentor_name, p.score, p.status, p.reason
            FROM mm.match_proposals AS p
            JOIN mm.cohorts AS c USING (cohort_id)
            JOIN mm.employees AS e ON e.employee_id = p.mentor_id
            WHERE (\(cohortID)::bigint IS NULL OR p.cohort_id = \(cohortID))
              AND (\(round)::date IS NULL OR p.round_on = \(round)::date)
              AND (\(status)::text IS NULL OR p.status = \(status))
            ORDER BY p.round_on DESC, c.name, p.mentee_id, p.proposal_id
            """).rows.map { row in
            Listed(proposalID: try row.decode(Int.self, "proposal_id"), cohort: try row.decode(String.self, "cohort"),
                   round: try row.decode(CalendarDate.self, "round_on"), menteeID: try row.decode(String.self, "mentee_id"),
                   mentorID: try row.decode(String.self, "mentor_id"), mentorName: try row.decode(String.self, "mentor_name"),
                   score: try row.decode(Double.self, "score"), status: try row.decode(String.self, "status"),
                   reason: try row.decode(String.self, "reason"))
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
