import Foundation
import PostgresClient

/// Reads the `mm_metrics` schema: what reports and SQL users see.
public struct MetricsRepository {
    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Every view and table in `mm_metrics` with its one-line meaning (its SQL comment).
    public func list() throws -> Table {
        let rows = try connection.query("""
            SELECT c.relname AS name, coalesce(obj_description(c.oid, 'pg_class'), '') AS meaning
            FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
            WHERE n.nspname = 'mm_metrics' AND c.relkind IN ('v', 'm', 'r')
            ORDER BY c.relname
            """).rows
        return Table(columns: ["name", "meaning"], rows: rows.map { [$0[0], $0[1]] })
    }

    /// The rows of one metric relation, optionally only `month`; refuses names not in mm_metrics.
    /// (`OFFSET 0` computes the view whole: a month filter pushed into it plans far worse.)
    public func show(_ name: String, month: CalendarDate?) throws -> Table {
        let known = try connection.query("""
            SELECT EXISTS (SELECT 1 FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
                           WHERE n.nspname = 'mm_metrics' AND c.relname = \(name)) AS known
            """).first!.decode(Bool.self, "known")
        guard known else {
            throw MMError(.usage, "There is no metric called \(name).", details: ["List them with: mmadmin metrics list"])
        }
        let result = try connection.query("""
            SELECT * FROM (SELECT * FROM mm_metrics.\(identifier: name) OFFSET 0) AS figures
            WHERE \(month)::date IS NULL OR month = \(month)::date
            ORDER BY month
            """)
        let columns = result.columns.map(\.name)
        return Table(columns: columns, rows: result.rows.map { row in (0..<columns.count).map { row[$0] } })
    }
}
