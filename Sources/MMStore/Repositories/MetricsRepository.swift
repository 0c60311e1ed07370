import MMCalendar
import Foundation
import MMDomain
import PostgresClient

/// Reads the `mm_metrics` schema: what reports and SQL users see.
public final class MetricsRepository: ConnectionBound {
    /// A relation of `mm_metrics` with its one-line meaning (its SQL comment).
    public struct Relation: Sendable, Equatable {
        public let name: String
        public let meaning: String
    }

    /// Every view and table in `mm_metrics` with its one-line meaning.
    public func list() throws -> [Relation] {
        let rows = try connection.query("""
            SELECT c.relname AS name, coalesce(obj_description(c.oid, 'pg_class'), '') AS meaning
            FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
            WHERE n.nspname = 'mm_metrics' AND c.relkind IN ('v', 'm', 'r')
            ORDER BY c.relname
            """).rows
        return try rows.map { Relation(name: try $0.decode(String.self, "name"), meaning: try $0.decode(String.self, "meaning")) }
    }

    /// The rows of one metric relation, optionally only `month`; refuses names not in mm_metrics.
    /// (`OFFSET 0` computes the view whole: a month filter pushed into it plans far worse.)
    /// One month of a view through the range function behind it (sql/definitions), which reads
    /// that month's sessions only; nil for a stored table or an unknown name.
    static func oneMonth(of name: String, _ month: CalendarDate) -> SQLQuery? {
        let dimensions = ["participation_by_department": "department", "participation_by_location": "location",
                          "participation_by_cohort": "cohort"]
        if name == "participation_monthly" {
            return "SELECT * FROM mm_metrics.participation_between(\(month)::date, \(month)::date) WHERE month = \(month)::date"
        }
        if name == "department_ties_monthly" {
            return "SELECT * FROM mm_metrics.department_ties_between(\(month)::date, \(month)::date)"
        }
        if let dimension = dimensions[name] {
            return """
                SELECT month, group_name AS \(identifier: dimension), headcount, sessions, completion_rate, mentoring_minutes,
                       active_mentees, active_mentors, active_participants, new_participants, retention_rate,
                       participation_rate, avg_rating, goal_met_rate, rated_sessions
                FROM mm_metrics.participation_breakdown_between(\(dimension), \(month)::date, \(month)::date)
                """
        }
        if name == "network_monthly" {
            return "SELECT * FROM mm_metrics.network_monthly WHERE month = \(month)::date"
        }
        return nil
    }

    /// The rows of the relation `name` (every month, or only `month`).
    public func show(_ name: String, month: CalendarDate?) throws -> StoredRows {
        let known = try connection.query("""
            SELECT EXISTS (SELECT 1 FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
                           WHERE n.nspname = 'mm_metrics' AND c.relname = \(name)) AS known
            """).first!.decode(Bool.self, "known")
        guard known else {
            throw MMError(.usage, "There is no metric called \(name).", remedy: .listMetrics)
        }
        let result = try connection.query(month.flatMap { Self.oneMonth(of: name, $0) } ?? """
            SELECT * FROM mm_metrics.\(identifier: name) ORDER BY 1
            """)
        return try StoredRows(result)
    }
}
