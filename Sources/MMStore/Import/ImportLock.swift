import MMDomain
import PostgresClient

/// The advisory lock that serializes imports: one import at a time per database. Held until
/// the import's transaction ends, so a killed import releases it with its rollback.
public struct ImportLock {
    static let key = 0x6D6D_696D_706F // "mmimpo"

    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Takes the lock inside the current transaction, waiting up to `timeoutSeconds`; throws
    /// a `.busy` error when another import still holds it.
    public func acquire(timeoutSeconds: Double) throws {
        let milliseconds = max(1, Int(timeoutSeconds * 1000))
        try connection.execute("SELECT set_config('lock_timeout', \(String(milliseconds)), true)")
        do {
            try connection.execute("SELECT pg_advisory_xact_lock(\(Self.key))")
        } catch let error as PostgresError where error.sqlState == .lockNotAvailable {
            throw MMError(.busy, "Another import is running on this database; try again when it has finished.",
                          details: ["waited \(timeoutSeconds) s"], remedy: .waitLongerForLock)
        }
        try connection.execute("SELECT set_config('lock_timeout', '0', true)")
    }
}
