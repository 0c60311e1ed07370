import PostgresClient
import MMDomain

/// Turns what users type (an employee id or an e-mail address) into employee ids.
public final class PeopleResolver: ConnectionBound {
    /// One person, with their status.
    public struct Person: Sendable {
        public let employeeID: String
        public let active: Bool
        public let name: String
    }

    /// Resolves every reference or throws one error naming all the unknown ones (exit 65).
    public func resolve(_ references: [String]) throws -> [Person] {
        guard !references.isEmpty else { return [] }
        let rows = try connection.query("""
            SELECT r.ref, e.employee_id, e.status = 'active' AS active,
                   concat_ws(' ', e.given_name, e.family_name) AS name
            FROM unnest(\(references)::text[]) WITH ORDINALITY AS r(ref, position)
            LEFT JOIN LATERAL (SELECT * FROM mm.employees AS x
                               WHERE x.employee_id = r.ref OR lower(x.email) = lower(r.ref)
                               ORDER BY x.employee_id = r.ref DESC LIMIT 1) AS e ON true
            ORDER BY r.position
            """).rows
        let unknown = try rows.filter { try $0.decode(String?.self, "employee_id") == nil }.map { try $0.decode(String.self, "ref") }
        guard unknown.isEmpty else {
            throw MMError(.dataError, "No employee has the id or e-mail \(unknown.joined(separator: ", ")).",
                          remedy: .importRoster)
        }
        return try rows.map {
            Person(employeeID: try $0.decode(String.self, "employee_id"), active: try $0.decode(Bool.self, "active"),
                   name: try $0.decode(String.self, "name"))
        }
    }

    public func resolve(_ reference: String) throws -> Person {
        try resolve([reference])[0]
    }
}
