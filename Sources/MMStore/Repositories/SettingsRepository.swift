import MMDomain
import PostgresClient

/// Reads and writes `mm.settings`.
public final class SettingsRepository: ConnectionBound {
    /// Every stored setting: key → value.
    public func stored() throws -> [String: String] {
        var values: [String: String] = [:]
        for row in try connection.query("SELECT key, value FROM mm.settings").rows {
            values[try row.decode(String.self, "key")] = try row.decode(String.self, "value")
        }
        return values
    }

    /// Stores `value` (already checked by `ProgramSetting.storedValue`) under `key`.
    public func store(_ value: String, for key: String) throws {
        try connection.execute("""
            INSERT INTO mm.settings (key, value) VALUES (\(key), \(value))
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """)
    }
}
