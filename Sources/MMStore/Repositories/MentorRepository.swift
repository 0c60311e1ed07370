import MMCalendar
import PostgresClient
import MMDomain

/// Mentor profiles: topics, monthly capacity, paused or active.
public struct MentorRepository {
    let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Creates or updates a profile; nil keeps the stored value (or the default for a new one).
    public func set(employeeID: String, topics: [String]?, capacity: Int?) throws {
        try connection.execute("""
            INSERT INTO mm.mentors AS m (employee_id, topics, monthly_capacity)
            VALUES (\(employeeID), coalesce(\(topics)::text[], '{}'), coalesce(\(capacity)::int, 4))
            ON CONFLICT (employee_id) DO UPDATE
            SET topics = coalesce(\(topics)::text[], m.topics),
                monthly_capacity = coalesce(\(capacity)::int, m.monthly_capacity), updated_at = now()
            """)
    }

    /// Pauses or resumes a mentor; false when the person has no mentor profile.
    public func setActive(employeeID: String, _ active: Bool) throws -> Bool {
        try connection.execute("""
            UPDATE mm.mentors SET active = \(active), updated_at = now() WHERE employee_id = \(employeeID)
            """).affectedRows == 1
    }

    /// A mentor profile with the mentor's load in one month.
    public struct Listed: Sendable, Equatable {
        public let employeeID: String
        public let name: String
        public let department: String?
        public let topics: [String]
        public let monthlyCapacity: Int
        /// Sessions scheduled or completed in the month.
        public let sessionsThisMonth: Int
        /// The profile is not paused and the person is employed.
        public let active: Bool
    }

    /// Mentors with their load in `month` (sessions scheduled or completed that month).
    /// `topic` matches case-insensitively; `availableOnly` keeps active mentors below capacity.
    public func list(topic: String?, availableOnly: Bool, month: CalendarDate) throws -> [Listed] {
        try connection.query("""
            WITH load AS (
                SELECT mentor_id, count(*) AS sessions FROM mm.sessions
                WHERE status IN ('scheduled', 'completed')
                  AND started_at >= \(month)::date AND started_at < (\(month)::date + interval '1 month')
                GROUP BY mentor_id
            )
            SELECT m.employee_id, concat_ws(' ', e.given_name, e.family_name) AS name, e.department,
                   m.topics, m.monthly_capacity, coalesce(l.sessions, 0) AS sessions,
                   m.active AND e.status = 'active' AS active
            FROM mm.mentors AS m
            JOIN mm.employees AS e ON e.employee_id = m.employee_id
            LEFT JOIN load AS l ON l.mentor_id = m.employee_id
            WHERE (\(topic)::text IS NULL OR EXISTS (SELECT 1 FROM unnest(m.topics) AS t WHERE lower(t) = lower(\(topic))))
              AND (NOT \(availableOnly) OR (m.active AND e.status = 'active' AND coalesce(l.sessions, 0) < m.monthly_capacity))
            ORDER BY m.employee_id
            """).rows.map { row in
            Listed(employeeID: try row.decode(String.self, "employee_id"), name: try row.decode(String.self, "name"),
                   department: try row.decode(String?.self, "department"), topics: try row.decode([String].self, "topics"),
                   monthlyCapacity: try row.decode(Int.self, "monthly_capacity"),
                   sessionsThisMonth: try row.decode(Int.self, "sessions"), active: try row.decode(Bool.self, "active"))
        }
    }
}
