import Foundation
import MMDomain
import MMStore
import PostgresClient

/// The advisory lock that serializes imports: one import at a time per database. Held until
/// the import's transaction ends, so a killed import releases it with its rollback.
public enum ImportLock {
    static let key = 0x6D6D_696D_706F // "mmimpo"

    /// Takes the lock inside the current transaction, waiting up to `timeoutSeconds`; throws
    /// an exit-75 error when another import still holds it.
    public static func acquire(_ connection: PostgresConnection, timeoutSeconds: Double) throws {
        let milliseconds = max(1, Int(timeoutSeconds * 1000))
        try connection.execute("SELECT set_config('lock_timeout', \(String(milliseconds)), true)")
        do {
            try connection.execute("SELECT pg_advisory_xact_lock(\(key))")
        } catch let error as PostgresError where error.sqlState == .lockNotAvailable {
            throw MMError(.busy, "Another import is running on this database; try again when it has finished.",
                          details: ["waited \(timeoutSeconds) s"], remedy: .waitLongerForLock)
        }
        try connection.execute("SELECT set_config('lock_timeout', '0', true)")
    }
}
