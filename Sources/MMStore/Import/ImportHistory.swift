import Foundation
import MMCalendar
import MMDomain
import PostgresClient

/// The import log as people read it, and the undo of an import.
public final class ImportHistory: ConnectionBound {
    /// One logged import.
    public struct Logged: Sendable, Equatable {
        public let importID: Int
        public let kind: String
        public let fileName: String
        public let sha256: String
        public let asOf: CalendarDate?
        public let partial: Bool
        public let rowsRead: Int
        public let inserted: Int
        public let updated: Int
        public let deactivated: Int
        public let unchanged: Int
        public let osUser: String?
        public let dbUser: String
        public let startedAt: Date
        public let finishedAt: Date?
        public let undoneAt: Date?
        public let undoneBy: String?
    }

    /// Every logged import, the latest first; only those of `kind` when given.
    public func list(kind: String? = nil) throws -> [Logged] {
        try connection.query("""
            SELECT import_id, kind, file_name, content_sha256, as_of, partial, rows_read, inserted, updated, deactivated,
                   unchanged, os_user, db_user, started_at, finished_at, undone_at, undone_by
            FROM mm.import_log WHERE \(kind)::text IS NULL OR kind = \(kind)
            ORDER BY import_id DESC
            """).rows.map { row in
            Logged(importID: try row.decode(Int.self, "import_id"), kind: try row.decode(String.self, "kind"),
                   fileName: try row.decode(String.self, "file_name"), sha256: try row.decode(String.self, "content_sha256"),
                   asOf: try row.decode(CalendarDate?.self, "as_of"), partial: try row.decode(Bool.self, "partial"),
                   rowsRead: try row.decode(Int.self, "rows_read"), inserted: try row.decode(Int.self, "inserted"),
                   updated: try row.decode(Int.self, "updated"), deactivated: try row.decode(Int.self, "deactivated"),
                   unchanged: try row.decode(Int.self, "unchanged"), osUser: try row.decode(String?.self, "os_user"),
                   dbUser: try row.decode(String.self, "db_user"), startedAt: try row.decode(Date.self, "started_at"),
                   finishedAt: try row.decode(Date?.self, "finished_at"), undoneAt: try row.decode(Date?.self, "undone_at"),
                   undoneBy: try row.decode(String?.self, "undone_by"))
        }
    }

    /// The kind of import `importID`, or an exit-65 error when no import has that number.
    public func kind(of importID: Int) throws -> String {
        guard let row = try connection.query("SELECT kind FROM mm.import_log WHERE import_id = \(importID)").first else {
            throw MMError(.dataError, "No import has the number \(importID).")
        }
        return try row.decode(String.self, "kind")
    }

    /// What an undo did to one table.
    public struct UndoneTable: Sendable, Equatable {
        public let table: String
        /// Rows the import had added, now removed.
        public let removed: Int
        /// Rows the import had changed, now as they were before it.
        public let restored: Int
    }

    /// Reverts import `importID` from its audit before-images (`mm.undo_import`, migration
    /// 0014) in the current transaction, unless a later import of one of `dependentKinds`, a
    /// later change to the same rows, or a later row referring to a row it added stands in the
    /// way (an exit-65 error saying which). The undo is itself audited and the log marks the
    /// import undone.
    public func undo(_ importID: Int, dependentKinds: [String]) throws -> [UndoneTable] {
        do {
            try connection.execute("SELECT set_config('mmadmin.os_user', \(EffectiveUser.name), true)")
            return try connection.query("""
                SELECT entity, sum(removed)::bigint AS removed, sum(restored)::bigint AS restored
                FROM mm.undo_import(\(importID)::bigint, \(dependentKinds)::text[]) WITH ORDINALITY AS u
                GROUP BY entity ORDER BY min(u.ordinality)
                """).rows.map {
                UndoneTable(table: try $0.decode(String.self, "entity"), removed: try $0.decode(Int.self, "removed"),
                            restored: try $0.decode(Int.self, "restored"))
            }
        } catch let error as PostgresError where error.sqlState == .mmadminRefusal {
            throw MMError(.dataError, error.message, remedy: error.hint.flatMap { Int($0) }.map { .undoImport(number: $0) })
        } catch let error as PostgresError where error.sqlState == .foreignKeyViolation {
            throw MMError(.dataError, "Import \(importID) cannot be undone: later changes refer to rows it added.",
                          details: [error.message] + (error.detail.map { [$0] } ?? []))
        }
    }
}
