import Foundation
import PostgresClient

/// Read queries over employees and their roster history.
public struct EmployeeRepository {
    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Filters for `list`.
    public struct Filter: Sendable {
        public var department: String?
        public var status: String?
        /// Show department, title, location, manager and status as recorded on this day.
        public var asOf: CalendarDate?
        public var limit: Int?

        public init(department: String? = nil, status: String? = nil, asOf: CalendarDate? = nil, limit: Int? = nil) {
            self.department = department
            self.status = status
            self.asOf = asOf
            self.limit = limit
        }
    }

    public static let listColumns = ["employee_id", "email", "given_name", "family_name", "department", "title",
                                     "location", "manager_id", "hire_date", "status", "left_on"]

    /// Employees as of today or `filter.asOf` (history values for that day; people not yet in
    /// any roster on that day are left out).
    public func list(_ filter: Filter) throws -> Table {
        let query: SQLQuery
        if let day = filter.asOf {
            query = """
                SELECT e.employee_id, e.email, e.given_name, e.family_name, h.department, h.title, h.location,
                       h.manager_id, e.hire_date::text, h.status, e.left_on::text
                FROM mm.employees AS e
                JOIN mm.employee_history AS h ON h.employee_id = e.employee_id
                     AND h.valid_from <= \(day)::date AND (h.valid_to IS NULL OR h.valid_to > \(day)::date)
                WHERE (\(filter.department)::text IS NULL OR h.department = \(filter.department))
                  AND (\(filter.status)::text IS NULL OR h.status = \(filter.status))
                ORDER BY e.employee_id
                LIMIT \(filter.limit)::bigint
                """
        } else {
            query = """
                SELECT employee_id, email, given_name, family_name, department, title, location, manager_id,
                       hire_date::text, status, left_on::text
                FROM mm.employees
                WHERE (\(filter.department)::text IS NULL OR department = \(filter.department))
                  AND (\(filter.status)::text IS NULL OR status = \(filter.status))
                ORDER BY employee_id
                LIMIT \(filter.limit)::bigint
                """
        }
        let result = try connection.query(query)
        return Table(columns: Self.listColumns, rows: result.rows.map { row in
            (0..<Self.listColumns.count).map { row[$0] }
        })
    }

    /// One employee's current record, or nil.
    public func find(_ idOrEmail: String) throws -> Table? {
        let result = try connection.query("""
            SELECT employee_id, email, given_name, family_name, department, title, location, manager_id,
                   hire_date::text, status, left_on::text
            FROM mm.employees WHERE employee_id = \(idOrEmail) OR lower(email) = lower(\(idOrEmail))
            ORDER BY employee_id = \(idOrEmail) DESC LIMIT 1
            """)
        guard let row = result.first else { return nil }
        return Table(columns: ["field", "value"], rows: Self.listColumns.enumerated().map { [$1, row[$0]] })
    }

    /// The person's roster history, oldest first.
    public func history(_ employeeID: String) throws -> Table {
        let columns = ["valid_from", "valid_to", "department", "title", "location", "manager_id", "status"]
        let result = try connection.query("""
            SELECT valid_from::text, valid_to::text, department, title, location, manager_id, status
            FROM mm.employee_history WHERE employee_id = \(employeeID) ORDER BY valid_from
            """)
        return Table(columns: columns, rows: result.rows.map { row in (0..<columns.count).map { row[$0] } })
    }
}
