import Foundation
import MMDomain
import Logging
import PostgresClient

/// Brings a database's schema up to date with an `sql/` folder, under an advisory lock so that
/// concurrent runs apply everything once.
///
/// First the versioned migrations of `sql/migrations`, in order, each in its own transaction,
/// recorded with its checksum in `public.mmadmin_schema_migrations`; an applied migration never
/// runs again, and a change to its file is refused.
///
/// Then the repeatable definitions of `sql/definitions` (views and functions stated whole),
/// recorded with their checksums in `public.mmadmin_schema_definitions`: from the first file
/// that is new, changed, or was applied before the latest migration, that file and every later
/// one, in file order, in one transaction: a later file may depend on what an earlier one drops
/// and re-creates, so it is re-created after it. A migration may drop or alter
/// what a definition creates (PostgreSQL makes it drop a view before changing a column the view
/// reads), hence every definition is applied again after a migration, by the same run or, if
/// that run stops early, by the next one. A recorded definition whose file is gone is reported
/// and its objects are left alone.
public struct Migrator {
    public enum Kind: String, Sendable {
        case migration
        case definition
    }

    /// The state of one file against the database.
    public enum State: String, Sendable {
        case applied
        case pending
        /// Applied, but the file has changed since: refused for a migration, applied again for a
        /// definition.
        case changed
        /// A definition applied before the latest migration, which may have dropped or altered
        /// its objects: applied again.
        case stale
        /// A definition recorded as applied whose file is gone; its objects stay in the database.
        case removed

        /// Whether `migrate()` has work to do for the file (or refuses it).
        public var isOutstanding: Bool { self == .pending || self == .changed || self == .stale }
    }

    public struct Entry: Sendable {
        public let kind: Kind
        public let fileName: String
        public let state: State
        public let appliedAt: Date?
    }

    public struct Status: Sendable {
        /// Every migration file, in order.
        public let migrations: [Entry]
        /// Every definition file, in order, then the removed definitions.
        public let definitions: [Entry]

        /// The files the schema is not up to date with.
        public var outstanding: [Entry] { (migrations + definitions).filter(\.state.isOutstanding) }
    }

    /// What one `migrate()` run applied.
    public struct Applied: Sendable {
        public let migrations: [Migration]
        public let definitions: [Definition]

        public var isEmpty: Bool { migrations.isEmpty && definitions.isEmpty }
    }

    let connection: PostgresConnection
    let migrations: [Migration]
    let definitions: [Definition]

    /// Advisory lock key shared by every `migrate` run ("mmadmin migrate").
    static let lockKey = 0x6D6D_6D69_6772

    public init(connection: PostgresConnection, migrations: [Migration], definitions: [Definition] = []) {
        self.connection = connection
        self.migrations = migrations
        self.definitions = definitions
    }

    /// The migrations and definitions of an `sql/` folder (its `migrations/` and `definitions/`).
    public init(connection: PostgresConnection, sqlDirectory: URL) throws {
        self.init(connection: connection,
                  migrations: try Migration.load(from: sqlDirectory.appendingPathComponent("migrations")),
                  definitions: try Definition.load(from: sqlDirectory.appendingPathComponent("definitions")))
    }

    /// Each migration and definition file with its state.
    public func status() throws -> Status {
        let appliedMigrations = try appliedMigrations()
        let appliedDefinitions = try appliedDefinitions()
        let migrationEntries = migrations.map { migration in
            guard let record = appliedMigrations[migration.version] else {
                return Entry(kind: .migration, fileName: migration.fileName, state: .pending, appliedAt: nil)
            }
            return Entry(kind: .migration, fileName: migration.fileName,
                         state: migration.isApplied(asRecorded: record.checksum) ? .applied : .changed, appliedAt: record.appliedAt)
        }
        let definitionEntries = definitions.map { definition in
            guard let record = appliedDefinitions[definition.fileName] else {
                return Entry(kind: .definition, fileName: definition.fileName, state: .pending, appliedAt: nil)
            }
            let state: State = record.checksum != definition.checksum ? .changed
                : record.migrationsApplied != appliedMigrations.count ? .stale : .applied
            return Entry(kind: .definition, fileName: definition.fileName, state: state, appliedAt: record.appliedAt)
        }
        let present = Set(definitions.map(\.fileName))
        let removed = appliedDefinitions.filter { !present.contains($0.key) }.sorted { $0.key < $1.key }.map {
            Entry(kind: .definition, fileName: $0.key, state: .removed, appliedAt: $0.value.appliedAt)
        }
        return Status(migrations: migrationEntries, definitions: definitionEntries + removed)
    }

    /// Applies every pending migration, then the definitions that need it (see the type's
    /// description); returns what it applied (empty when up to date). Refuses to run when an
    /// applied migration's file has changed.
    @discardableResult
    public func migrate() throws -> Applied {
        try connection.execute("SELECT pg_advisory_lock(\(Self.lockKey))")
        defer { _ = try? connection.execute("SELECT pg_advisory_unlock(\(Self.lockKey))") }
        try ensureHistoryTables()
        let before = try status()
        let changed = before.migrations.filter { $0.state == .changed }
        guard changed.isEmpty else {
            throw MMError(
                .dataError, "The applied migration \(changed[0].fileName) has been edited since it ran.",
                details: changed.map { "changed after it was applied: sql/migrations/\($0.fileName)" }
                    + ["Restore the original file and put the change in a new migration."])
        }
        var appliedMigrations: [Migration] = []
        for (migration, entry) in zip(migrations, before.migrations) where entry.state == .pending {
            try apply(migration)
            appliedMigrations.append(migration)
        }
        // The files' entries come first, in file order, so an index is a definition's index.
        let definitionStates = try status().definitions.prefix(definitions.count).map(\.state)
        guard let first = definitionStates.firstIndex(where: \.isOutstanding) else {
            return Applied(migrations: appliedMigrations, definitions: [])
        }
        let reapplied = Array(definitions[first...])
        try apply(reapplied)
        return Applied(migrations: appliedMigrations, definitions: reapplied)
    }

    private func apply(_ migration: Migration) throws {
        do {
            try connection.transaction {
                try connection.executeScript(migration.sql)
                try connection.execute("""
                    INSERT INTO public.mmadmin_schema_migrations (version, name, checksum)
                    VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                    """)
            }
        } catch let error as PostgresError {
            throw Self.failure("The migration \(migration.fileName) failed and was rolled back.",
                               file: "sql/migrations/\(migration.fileName)", error)
        }
        connection.logger.info("applied migration", metadata: ["file": "\(migration.fileName)"])
    }

    /// Applies `definitions` in order, all or none.
    private func apply(_ definitions: [Definition]) throws {
        var current = definitions[0]
        do {
            try connection.transaction {
                for definition in definitions {
                    current = definition
                    try connection.executeScript(definition.sql)
                    try connection.execute("""
                        INSERT INTO public.mmadmin_schema_definitions (name, checksum, migrations_applied)
                        VALUES (\(definition.fileName), \(definition.checksum),
                                (SELECT count(*) FROM public.mmadmin_schema_migrations))
                        ON CONFLICT (name) DO UPDATE
                        SET checksum = excluded.checksum, migrations_applied = excluded.migrations_applied,
                            applied_at = excluded.applied_at, applied_by = excluded.applied_by
                        """)
                }
            }
        } catch let error as PostgresError {
            throw Self.failure("The definition \(current.fileName) failed; no definition of this run was applied.",
                               file: "sql/definitions/\(current.fileName)", error)
        }
        for definition in definitions {
            connection.logger.info("applied definition", metadata: ["file": "\(definition.fileName)"])
        }
    }

    private static func failure(_ message: String, file: String, _ error: PostgresError) -> MMError {
        var details = ["file: \(file)"]
        if let state = error.sqlState { details.append("SQLSTATE \(state): \(error.message)") }
        if let detail = error.detail { details.append(detail) }
        return MMError(.internalError, message, details: details)
    }

    private func ensureHistoryTables() throws {
        try connection.execute("""
                CREATE TABLE IF NOT EXISTS public.mmadmin_schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    checksum   text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    applied_by text NOT NULL DEFAULT current_user
                )
                """)
        // migrations_applied: how many migrations the database had then; a definition applied
        // before a later migration is applied again.
        try connection.execute("""
                CREATE TABLE IF NOT EXISTS public.mmadmin_schema_definitions (
                    name               text PRIMARY KEY,
                    checksum           text NOT NULL,
                    migrations_applied integer NOT NULL,
                    applied_at         timestamptz NOT NULL DEFAULT now(),
                    applied_by         text NOT NULL DEFAULT current_user
                )
                """)
    }

    private struct DefinitionRecord {
        let checksum: String
        let appliedAt: Date
        let migrationsApplied: Int
    }

    private func tableExists(_ name: String) throws -> Bool {
        try connection.query("SELECT to_regclass(\(name)) IS NOT NULL AS present").first?.decode(Bool.self, "present") == true
    }

    private func appliedMigrations() throws -> [Int: (checksum: String, appliedAt: Date)] {
        guard try tableExists("public.mmadmin_schema_migrations") else { return [:] }
        var applied: [Int: (checksum: String, appliedAt: Date)] = [:]
        for row in try connection.query("SELECT version, checksum, applied_at FROM public.mmadmin_schema_migrations").rows {
            applied[try row.decode(Int.self, "version")] =
                (try row.decode(String.self, "checksum"), try row.decode(Date.self, "applied_at"))
        }
        return applied
    }

    private func appliedDefinitions() throws -> [String: DefinitionRecord] {
        guard try tableExists("public.mmadmin_schema_definitions") else { return [:] }
        var applied: [String: DefinitionRecord] = [:]
        for row in try connection.query(
            "SELECT name, checksum, applied_at, migrations_applied FROM public.mmadmin_schema_definitions").rows {
            applied[try row.decode(String.self, "name")] = DefinitionRecord(
                checksum: try row.decode(String.self, "checksum"), appliedAt: try row.decode(Date.self, "applied_at"),
                migrationsApplied: try row.decode(Int.self, "migrations_applied"))
        }
        return applied
    }
}
