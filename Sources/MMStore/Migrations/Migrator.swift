import Foundation
import MMDomain
import Logging
import PostgresClient

/// Applies `sql/migrations` in order, each in its own transaction, recording each with its
/// checksum in `public.mmadmin_schema_migrations`. Concurrent runs are serialized by an
/// advisory lock, so a migration is never applied twice.
public struct Migrator {
    /// The state of one migration file against the database.
    public enum State: String, Sendable {
        case applied
        case pending
        /// Applied, but the file has changed since.
        case changed
    }

    public struct Entry: Sendable {
        public let migration: Migration
        public let state: State
        public let appliedAt: Date?
    }

    let connection: PostgresConnection
    let migrations: [Migration]

    /// Advisory lock key shared by every `migrate` run ("mmadmin migrate").
    static let lockKey = 0x6D6D_6D69_6772

    public init(connection: PostgresConnection, migrations: [Migration]) {
        self.connection = connection
        self.migrations = migrations
    }

    /// Each migration file with its state.
    public func status() throws -> [Entry] {
        let applied = try appliedMigrations()
        return migrations.map { migration in
            guard let record = applied[migration.version] else {
                return Entry(migration: migration, state: .pending, appliedAt: nil)
            }
            let state: State = record.checksum == migration.checksum ? .applied : .changed
            return Entry(migration: migration, state: state, appliedAt: record.appliedAt)
        }
    }

    /// Applies every pending migration; returns those applied (empty when up to date).
    /// Refuses to run when an applied migration's file has changed.
    @discardableResult
    public func migrate() throws -> [Migration] {
        try connection.execute("SELECT pg_advisory_lock(\(Self.lockKey))")
        defer { _ = try? connection.execute("SELECT pg_advisory_unlock(\(Self.lockKey))") }
        try ensureHistoryTable()
        let entries = try status()
        let changed = entries.filter { $0.state == .changed }
        guard changed.isEmpty else {
            throw MMError(
                .dataError, "The applied migration \(changed[0].migration.fileName) has been edited since it ran.",
                details: changed.map { "changed after it was applied: sql/migrations/\($0.migration.fileName)" }
                    + ["Restore the original file and put the change in a new migration."])
        }
        var applied: [Migration] = []
        for entry in entries where entry.state == .pending {
            let migration = entry.migration
            do {
                try connection.transaction {
                    try connection.executeScript(migration.sql)
                    try connection.execute("""
                        INSERT INTO public.mmadmin_schema_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                        """)
                }
            } catch let error as PostgresError {
                var details = ["file: sql/migrations/\(migration.fileName)"]
                if let state = error.sqlState { details.append("SQLSTATE \(state): \(error.message)") }
                if let detail = error.detail { details.append(detail) }
                throw MMError(.internalError, "The migration \(migration.fileName) failed and was rolled back.",
                              details: details)
            }
            connection.logger.info("applied migration", metadata: ["file": "\(migration.fileName)"])
            applied.append(migration)
        }
        return applied
    }

    private func ensureHistoryTable() throws {
        try connection.execute("""
                CREATE TABLE IF NOT EXISTS public.mmadmin_schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    checksum   text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    applied_by text NOT NULL DEFAULT current_user
                )
                """)
    }

    private func appliedMigrations() throws -> [Int: (checksum: String, appliedAt: Date)] {
        let exists = try connection.query("SELECT to_regclass('public.mmadmin_schema_migrations') IS NOT NULL AS present")
        guard try exists.first?.decode(Bool.self, "present") == true else { return [:] }
        var applied: [Int: (checksum: String, appliedAt: Date)] = [:]
        for row in try connection.query("SELECT version, checksum, applied_at FROM public.mmadmin_schema_migrations").rows {
            applied[try row.decode(Int.self, "version")] =
                (try row.decode(String.self, "checksum"), try row.decode(Date.self, "applied_at"))
        }
        return applied
    }
}
