import MMDomain
import MMStore
import PostgresClient

/// The stored matching settings, read: the weights (`match.weight.NAME`) and the cool-down
/// (`match.cooldown_days`); a run may override either.
public struct MatchSettings: Sendable, Equatable {
    public var weights: MatchWeights
    /// Days before and after a round in which a pair that met may not be proposed again.
    public var cooldownDays: Int

    /// The defaults, for keys the database does not hold.
    public init(weights: MatchWeights = MatchWeights(), cooldownDays: Int = 90) {
        self.weights = weights
        self.cooldownDays = cooldownDays
    }

    /// The settings stored in `mm.settings`.
    public static func stored(in connection: PostgresConnection) throws -> MatchSettings {
        try MatchSettings(values: MatchRepository(connection: connection).settingValues())
    }

    /// Reads stored key/values; keys that are not matching settings are left alone. An unusable
    /// value is a data error naming its key (in key order, so the same one every time).
    public init(values: [String: String]) throws(MMError) {
        self.init()
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            if key == "match.cooldown_days" {
                guard let days = Int(value), days >= 0 else {
                    throw MMError(.dataError, "The setting match.cooldown_days is \"\(value)\", not a number of days.")
                }
                cooldownDays = days
            } else if key.hasPrefix(Self.weightPrefix) {
                do throws(MatchWeightError) {
                    guard let number = Double(value) else { throw MatchWeightError.malformed(value) }
                    weights = try weights.setting(String(key.dropFirst(Self.weightPrefix.count)), to: number)
                } catch {
                    throw MMError(.dataError, "The setting \(key) cannot be used.", details: [error.description])
                }
            }
        }
    }

    private static let weightPrefix = "match.weight."
}
