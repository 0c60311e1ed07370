import MMCalendar
import PostgresClient

/// The SQL of matching: its settings, who can be matched (`+Candidates`), what people have done
/// together and who manages whom (`+Relations`), and the lock that serialises a cohort's rounds.
/// Proposals are in `ProposalRepository`.
public final class MatchRepository: ConnectionBound {
    /// The stored matching settings (`mm.settings`, keys starting with `match.`) as written;
    /// reading them as weights and days is the matching service's job.
    public func settingValues() throws -> [String: String] {
        var values: [String: String] = [:]
        for row in try connection.query("SELECT key, value FROM mm.settings WHERE key LIKE 'match.%'").rows {
            values[try row.decode(String.self, "key")] = try row.decode(String.self, "value")
        }
        return values
    }

    /// Waits for any other round of the cohort to finish; held until the transaction ends.
    public func lockRounds(of cohortID: Int) throws {
        try connection.execute("SELECT pg_advisory_xact_lock(\(Self.roundLockKey), \(Int32(truncatingIfNeeded: cohortID)))")
    }

    /// First half of the rounds' advisory lock key ("mmma"); the second half is the cohort id.
    static let roundLockKey: Int32 = 0x6D6D_6D61
}
