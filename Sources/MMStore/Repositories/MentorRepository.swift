import MMCalendar
import PostgresClient
import MMDomain

/// Mentor profiles: topics, monthly capacity, paused or active.
public final class MentorRepository: ConnectionBound {
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
        /// The capacity in force in the month (the profile history's, migration 0016).
        public let monthlyCapacity: Int
        /// The month's load as matching counts it (`MentorLoad`): sessions scheduled or
        /// completed plus open proposals whose pair has not met that month yet.
        public let load: Int
        /// The profile is not paused and the person is employed.
        public let active: Bool
        /// The load against the capacity in force (`mm.load_band`).
        public let band: LoadBand
    }

    /// Mentors with their load in the month of `month` (`MentorLoad`) and the topics and
    /// capacity of the profile in force that month. `topic` matches as topics are counted
    /// (`mm.topic_of`: case and spacing ignored, aliases merged); `availableOnly` keeps active
    /// mentors below capacity, the mentors matching could propose; `sortByLoad` puts the
    /// busiest first (load over capacity, then load), else by employee id.
    public func list(topic: String?, availableOnly: Bool, month: CalendarDate, sortByLoad: Bool = false) throws -> [Listed] {
        try connection.query("""
            SELECT m.employee_id, concat_ws(' ', e.given_name, e.family_name) AS name, e.department,
                   coalesce(p.topics, m.topics) AS topics, coalesce(p.monthly_capacity, m.monthly_capacity) AS monthly_capacity,
                   coalesce(l.load, 0) AS load, m.active AND e.status = 'active' AS active,
                   mm.load_band(coalesce(l.load, 0), coalesce(p.monthly_capacity, m.monthly_capacity)) AS band
            FROM mm.mentors AS m
            JOIN mm.employees AS e ON e.employee_id = m.employee_id
            LEFT JOIN mm.mentor_profiles_in_force(\(month)::date, \(month)::date) AS p ON p.mentor_id = m.employee_id
            LEFT JOIN (\(fragment: MentorLoad.perMentor(inMonthOf: month))) AS l ON l.mentor_id = m.employee_id
            WHERE (\(topic)::text IS NULL
                   OR EXISTS (SELECT 1 FROM unnest(coalesce(p.topics, m.topics)) AS t WHERE mm.topic_of(t) = mm.topic_of(\(topic))))
              AND (NOT \(availableOnly) OR (m.active AND e.status = 'active' AND coalesce(l.load, 0) < m.monthly_capacity))
            ORDER BY CASE WHEN \(sortByLoad) THEN coalesce(l.load, 0)::numeric / greatest(coalesce(p.monthly_capacity, m.monthly_capacity), 1) END DESC NULLS LAST,
                     CASE WHEN \(sortByLoad) THEN coalesce(l.load, 0) END DESC NULLS LAST, m.employee_id
            """).rows.map { row in
            Listed(employeeID: try row.decode(String.self, "employee_id"), name: try row.decode(String.self, "name"),
                   department: try row.decode(String?.self, "department"), topics: try row.decode([String].self, "topics"),
                   monthlyCapacity: try row.decode(Int.self, "monthly_capacity"), load: try row.decode(Int.self, "load"),
                   active: try row.decode(Bool.self, "active"),
                   band: LoadBand(rawValue: try row.decode(String.self, "band")) ?? .under)
        }
    }
}
