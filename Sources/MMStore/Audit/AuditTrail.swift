import Foundation
import MMCalendar
import MMDomain
import PostgresClient

/// The audit trail (`mm.audit`, migration 0014): every change to the program's tables, written
/// by triggers whoever makes it.
public final class AuditTrail: ConnectionBound {
    /// Declares this process's effective OS user for the session, so the changes it makes are
    /// recorded with it (clients other than mmadmin leave it empty).
    public func declareUser() throws {
        try connection.execute("SELECT set_config('mmadmin.os_user', \(EffectiveUser.name), false)")
    }

    /// One recorded change.
    public struct Entry: Sendable, Equatable {
        public let auditID: Int
        public let changedAt: Date
        public let osUser: String?
        public let dbUser: String
        public let entity: String
        /// The row's key values, joined by "/" ("E12/2026-11-01").
        public let key: String
        public let action: String
        /// The columns the change set, as "column: before → after" (all values for an insert
        /// or delete are in the images); for an import's inserts, how many rows.
        public let changes: [String]
        /// The row before and after the change, as JSON text.
        public let before: String?
        public let after: String?
        public let importID: Int?
        public let undoOf: Int?
        public let command: String?
    }

    /// Filters for `list`.
    public struct Filter: Sendable {
        public var since: CalendarDate?
        public var entity: String?
        public var importID: Int?
        public var limit: Int?

        public init(since: CalendarDate? = nil, entity: String? = nil, importID: Int? = nil, limit: Int? = nil) {
            self.since = since
            self.entity = entity
            self.importID = importID
            self.limit = limit
        }
    }

    /// The recorded changes matching `filter`, oldest first (`since` is a UTC day).
    public func list(_ filter: Filter) throws -> [Entry] {
        try connection.query("""
            SELECT a.audit_id, a.changed_at, a.os_user, a.db_user, a.entity,
                   (SELECT string_agg(k.value, '/' ORDER BY k.ordinality)
                    FROM jsonb_each_text(a.entity_key) WITH ORDINALITY AS k) AS key,
                   a.action, a.before::text AS before, a.after::text AS after, a.import_id, a.undo_of, a.command,
                   CASE WHEN a.action = 'update' THEN
                       (SELECT array_agg(n.key || ': ' || coalesce(a.before ->> n.key, 'null') || ' → ' || coalesce(n.value #>> '{}', 'null')
                                         ORDER BY n.key)
                        FROM jsonb_each(a.after) AS n WHERE n.value IS DISTINCT FROM a.before -> n.key)
                        WHEN a.action = 'import' THEN ARRAY[(a.after ->> 'rows') || ' rows inserted, each carrying import_id '
                                                            || a.import_id]
                   END AS changes
            FROM mm.audit AS a
            WHERE (\(filter.since)::date IS NULL OR a.changed_at >= (\(filter.since)::date::timestamp AT TIME ZONE 'UTC'))
              AND (\(filter.entity)::text IS NULL OR a.entity = \(filter.entity))
              AND (\(filter.importID)::bigint IS NULL OR a.import_id = \(filter.importID) OR a.undo_of = \(filter.importID))
            ORDER BY a.audit_id
            LIMIT \(filter.limit)::bigint
            """).rows.map { row in
            Entry(auditID: try row.decode(Int.self, "audit_id"), changedAt: try row.decode(Date.self, "changed_at"),
                  osUser: try row.decode(String?.self, "os_user"), dbUser: try row.decode(String.self, "db_user"),
                  entity: try row.decode(String.self, "entity"), key: try row.decode(String?.self, "key") ?? "",
                  action: try row.decode(String.self, "action"), changes: try row.decode([String]?.self, "changes") ?? [],
                  before: try row.decode(String?.self, "before"), after: try row.decode(String?.self, "after"),
                  importID: try row.decode(Int?.self, "import_id"), undoOf: try row.decode(Int?.self, "undo_of"),
                  command: try row.decode(String?.self, "command"))
        }
    }
}
