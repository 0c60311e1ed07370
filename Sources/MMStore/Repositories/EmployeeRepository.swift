import MMCalendar
import Foundation
import MMDomain
import PostgresClient

/// Read queries over employees and their roster history.
public final class EmployeeRepository: ConnectionBound {
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

    /// An employee as stored, or as the roster history recorded them on a day.
    public struct Record: Sendable, Equatable {
        public let employeeID: String
        public let email: String?
        public let givenName: String?
        public let familyName: String?
        public let department: String?
        public let title: String?
        public let location: String?
        public let managerID: String?
        public let hireDate: CalendarDate?
        public let status: String
        public let leftOn: CalendarDate?

        init(_ row: PostgresRow) throws {
            employeeID = try row.decode(String.self, "employee_id")
            email = try row.decode(String?.self, "email")
            givenName = try row.decode(String?.self, "given_name")
            familyName = try row.decode(String?.self, "family_name")
            department = try row.decode(String?.self, "department")
            title = try row.decode(String?.self, "title")
            location = try row.decode(String?.self, "location")
            managerID = try row.decode(String?.self, "manager_id")
            hireDate = try row.decode(CalendarDate?.self, "hire_date")
            status = try row.decode(String.self, "status")
            leftOn = try row.decode(CalendarDate?.self, "left_on")
        }
    }

    /// Of `employeeIDs`, those who were not on staff on `day`, in the order given: hired after
    /// it, or left on or before it (`left_on`), or, without a known leaving date, inactive in
    /// the roster history on that day (`mm.employee_on`). Unknown ids are not listed.
    public func notEmployed(_ employeeIDs: [String], on day: CalendarDate) throws -> [String] {
        try connection.query("""
            SELECT e.employee_id
            FROM unnest(\(employeeIDs)::text[]) WITH ORDINALITY AS r (id, position)
            JOIN mm.employees AS e ON e.employee_id = r.id
            WHERE e.hire_date > \(day)::date
               OR e.left_on <= \(day)::date
               OR (e.left_on IS NULL
                   AND coalesce((mm.employee_on(e.employee_id, \(day)::date)).status, e.status) <> 'active')
            ORDER BY r.position
            """).rows.map { try $0.decode(String.self, "employee_id") }
    }

    /// Employees as of today or `filter.asOf` (history values for that day; people not yet in
    /// any roster on that day are left out).
    public func list(_ filter: Filter) throws -> [Record] {
        let query: SQLQuery
        if let day = filter.asOf {
            query = """
                SELECT e.employee_id, e.email, e.given_name, e.family_name, h.department, h.title, h.location,
                       h.manager_id, e.hire_date, h.status, e.left_on
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
                       hire_date, status, left_on
                FROM mm.employees
                WHERE (\(filter.department)::text IS NULL OR department = \(filter.department))
                  AND (\(filter.status)::text IS NULL OR status = \(filter.status))
                ORDER BY employee_id
                LIMIT \(filter.limit)::bigint
                """
        }
        return try connection.query(query).rows.map(Record.init)
    }

    /// One employee's current record by id or e-mail (the id wins), or nil.
    public func find(_ idOrEmail: String) throws -> Record? {
        try connection.query("""
            SELECT employee_id, email, given_name, family_name, department, title, location, manager_id,
                   hire_date, status, left_on
            FROM mm.employees WHERE employee_id = \(idOrEmail) OR lower(email) = lower(\(idOrEmail))
            ORDER BY employee_id = \(idOrEmail) DESC LIMIT 1
            """).first.map(Record.init)
    }

    /// One period of a person's roster history.
    public struct Period: Sendable, Equatable {
        public let validFrom: CalendarDate
        /// The first day the next period applies; nil for the open period.
        public let validTo: CalendarDate?
        public let department: String?
        public let title: String?
        public let location: String?
        public let managerID: String?
        public let status: String
    }

    /// The person's roster history, oldest first.
    public func history(_ employeeID: String) throws -> [Period] {
        try connection.query("""
            SELECT valid_from, valid_to, department, title, location, manager_id, status
            FROM mm.employee_history WHERE employee_id = \(employeeID) ORDER BY valid_from
            """).rows.map { row in
            Period(validFrom: try row.decode(CalendarDate.self, "valid_from"), validTo: try row.decode(CalendarDate?.self, "valid_to"),
                   department: try row.decode(String?.self, "department"), title: try row.decode(String?.self, "title"),
                   location: try row.decode(String?.self, "location"), managerID: try row.decode(String?.self, "manager_id"),
                   status: try row.decode(String.self, "status"))
        }
    }
}
