import MMCalendar
import PostgresClient
import MMDomain

/// Cohorts and their members.
public final class CohortRepository: ConnectionBound {
    public struct Cohort: Sendable {
        public let id: Int
        public let name: String
        public let startsOn: CalendarDate
        public let endsOn: CalendarDate
        public let closedOn: CalendarDate?
    }

    /// The cohort `reference` names (`CohortReferences`: its external id, else its name), or
    /// an exit-65 error when it names none or two.
    public func find(_ reference: String) throws -> Cohort {
        guard let id = try CohortReferences(connection: connection).cohortID(reference), let cohort = try cohort(id: id) else {
            throw MMError(.dataError, "No cohort is named \(reference).", remedy: .listCohorts)
        }
        return cohort
    }

    /// The cohort numbered `id`, if there is one.
    public func cohort(id: Int) throws -> Cohort? {
        guard let row = try connection.query("""
            SELECT cohort_id, name, starts_on, ends_on, closed_on FROM mm.cohorts WHERE cohort_id = \(id)
            """).first else { return nil }
        return Cohort(id: try row.decode(Int.self, "cohort_id"), name: try row.decode(String.self, "name"),
                      startsOn: try row.decode(CalendarDate.self, "starts_on"), endsOn: try row.decode(CalendarDate.self, "ends_on"),
                      closedOn: try row.decode(CalendarDate?.self, "closed_on"))
    }

    public func create(name: String, startsOn: CalendarDate, endsOn: CalendarDate, description: String?,
                       externalID: String?) throws -> Int {
        guard endsOn >= startsOn else {
            throw MMError(.usage, "The cohort would end (\(endsOn)) before it starts (\(startsOn)).")
        }
        do {
            return try connection.query("""
                INSERT INTO mm.cohorts (name, starts_on, ends_on, description, external_id)
                VALUES (\(name), \(startsOn)::date, \(endsOn)::date, \(description), \(externalID))
                RETURNING cohort_id
                """).first!.decode(Int.self, "cohort_id")
        } catch let error as PostgresError where error.sqlState == .uniqueViolation {
            throw MMError(.dataError, "A cohort named \(name) (or with id \(externalID ?? name)) exists already.")
        }
    }

    /// A cohort with its current membership and completed sessions, for listing.
    public struct Listed: Sendable, Equatable {
        public let name: String
        public let externalID: String?
        public let startsOn: CalendarDate
        public let endsOn: CalendarDate
        public let closed: Bool
        public let mentors: Int
        public let mentees: Int
        public let completedSessions: Int
    }

    /// Every cohort, the latest first.
    public func list() throws -> [Listed] {
        try connection.query("""
            SELECT c.name, c.external_id, c.starts_on, c.ends_on, c.closed_on IS NOT NULL AS closed,
                   (SELECT count(*) FROM mm.cohort_members m WHERE m.cohort_id = c.cohort_id AND m.role = 'mentor' AND m.left_on IS NULL) AS mentors,
                   (SELECT count(*) FROM mm.cohort_members m WHERE m.cohort_id = c.cohort_id AND m.role = 'mentee' AND m.left_on IS NULL) AS mentees,
                   (SELECT count(*) FROM mm.sessions s WHERE s.cohort_id = c.cohort_id AND s.status = 'completed') AS sessions
            FROM mm.cohorts AS c ORDER BY c.starts_on DESC, c.name
            """).rows.map { row in
            Listed(name: try row.decode(String.self, "name"), externalID: try row.decode(String?.self, "external_id"),
                   startsOn: try row.decode(CalendarDate.self, "starts_on"), endsOn: try row.decode(CalendarDate.self, "ends_on"),
                   closed: try row.decode(Bool.self, "closed"), mentors: try row.decode(Int.self, "mentors"),
                   mentees: try row.decode(Int.self, "mentees"), completedSessions: try row.decode(Int.self, "sessions"))
        }
    }

    /// One cohort's figures.
    public struct Summary: Sendable, Equatable {
        public let name: String
        public let startsOn: CalendarDate
        public let endsOn: CalendarDate
        public let closedOn: CalendarDate?
        public let mentors: Int
        public let mentees: Int
        public let completedSessions: Int
        /// The monthly capacity of the cohort's current, active mentors.
        public let mentorCapacityPerMonth: Int
    }

    /// A member of a cohort.
    public struct Member: Sendable, Equatable {
        public let employeeID: String
        public let name: String
        public let role: String
        public let enrolledOn: CalendarDate
        public let leftOn: CalendarDate?
        /// Completed sessions of this cohort in which the member took part.
        public let completedSessions: Int
    }

    /// The cohort's figures and its members.
    public func show(_ cohort: Cohort) throws -> (summary: Summary, members: [Member]) {
        let row = try connection.query("""
            SELECT c.name, c.starts_on, c.ends_on, c.closed_on,
                   count(*) FILTER (WHERE m.role = 'mentor' AND m.left_on IS NULL) AS mentors,
                   count(*) FILTER (WHERE m.role = 'mentee' AND m.left_on IS NULL) AS mentees,
                   (SELECT count(*) FROM mm.sessions s WHERE s.cohort_id = c.cohort_id AND s.status = 'completed') AS sessions,
                   coalesce(sum(p.monthly_capacity) FILTER (WHERE m.role = 'mentor' AND m.left_on IS NULL AND p.active), 0) AS capacity
            FROM mm.cohorts AS c
            LEFT JOIN mm.cohort_members AS m ON m.cohort_id = c.cohort_id
            LEFT JOIN mm.mentors AS p ON p.employee_id = m.employee_id
            WHERE c.cohort_id = \(cohort.id)
            GROUP BY c.cohort_id
            """).first!
        let summary = Summary(
            name: try row.decode(String.self, "name"), startsOn: try row.decode(CalendarDate.self, "starts_on"),
            endsOn: try row.decode(CalendarDate.self, "ends_on"), closedOn: try row.decode(CalendarDate?.self, "closed_on"),
            mentors: try row.decode(Int.self, "mentors"), mentees: try row.decode(Int.self, "mentees"),
            completedSessions: try row.decode(Int.self, "sessions"), mentorCapacityPerMonth: try row.decode(Int.self, "capacity"))
        let members = try connection.query("""
            SELECT m.employee_id, concat_ws(' ', e.given_name, e.family_name) AS name, m.role, m.enrolled_on, m.left_on,
                   (SELECT count(*) FROM mm.sessions s WHERE s.cohort_id = m.cohort_id AND s.status = 'completed'
                      AND (s.mentor_id = m.employee_id OR s.mentee_id = m.employee_id)) AS sessions
            FROM mm.cohort_members AS m JOIN mm.employees AS e ON e.employee_id = m.employee_id
            WHERE m.cohort_id = \(cohort.id) ORDER BY m.role, m.employee_id
            """).rows.map { row in
            Member(employeeID: try row.decode(String.self, "employee_id"), name: try row.decode(String.self, "name"),
                   role: try row.decode(String.self, "role"), enrolledOn: try row.decode(CalendarDate.self, "enrolled_on"),
                   leftOn: try row.decode(CalendarDate?.self, "left_on"), completedSessions: try row.decode(Int.self, "sessions"))
        }
        return (summary, members)
    }

    /// Enrols people (re-enrolling anyone who had left); returns how many memberships changed.
    /// `interests` (topics the people want help with) replaces their stored interests in this
    /// cohort; nil keeps them.
    public func enroll(_ cohort: Cohort, employeeIDs: [String], role: String, on day: CalendarDate,
                       interests: [String]? = nil) throws -> Int {
        guard cohort.closedOn == nil else { throw MMError(.dataError, "The cohort \(cohort.name) is closed.") }
        return try connection.execute("""
            INSERT INTO mm.cohort_members AS m (cohort_id, employee_id, role, enrolled_on, interests)
            SELECT DISTINCT \(cohort.id)::bigint, id, \(role), \(day)::date, coalesce(\(interests)::text[], '{}')
            FROM unnest(\(employeeIDs)::text[]) AS id
            ON CONFLICT (cohort_id, employee_id) DO UPDATE
            SET role = excluded.role, left_on = NULL,
                enrolled_on = CASE WHEN m.left_on IS NULL THEN m.enrolled_on ELSE excluded.enrolled_on END,
                interests = coalesce(\(interests)::text[], m.interests)
            WHERE m.role <> excluded.role OR m.left_on IS NOT NULL
               OR m.interests IS DISTINCT FROM coalesce(\(interests)::text[], m.interests)
            """).affectedRows
    }

    /// Marks members as having left; returns how many were members.
    public func withdraw(_ cohort: Cohort, employeeIDs: [String], on day: CalendarDate) throws -> Int {
        try connection.execute("""
            UPDATE mm.cohort_members SET left_on = greatest(enrolled_on, \(day)::date)
            WHERE cohort_id = \(cohort.id) AND employee_id = ANY(\(employeeIDs)::text[]) AND left_on IS NULL
            """).affectedRows
    }

    public func close(_ cohort: Cohort, on day: CalendarDate) throws {
        try connection.execute("UPDATE mm.cohorts SET closed_on = \(day)::date WHERE cohort_id = \(cohort.id)")
    }

    /// Whether the person is a current member of the cohort.
    public func isMember(_ cohort: Cohort, employeeID: String) throws -> Bool {
        try !connection.query("""
            SELECT 1 FROM mm.cohort_members WHERE cohort_id = \(cohort.id) AND employee_id = \(employeeID) AND left_on IS NULL
            """).isEmpty
    }

    /// What `update` changes; nil keeps the stored value.
    public struct Changes: Sendable {
        public var name: String?
        public var startsOn: CalendarDate?
        public var endsOn: CalendarDate?
        public var description: String?

        public init(name: String? = nil, startsOn: CalendarDate? = nil, endsOn: CalendarDate? = nil, description: String? = nil) {
            self.name = name
            self.startsOn = startsOn
            self.endsOn = endsOn
            self.description = description
        }
    }

    /// Changes the fields given of `cohort`; a name another cohort has is an exit-65 error.
    public func update(_ cohort: Cohort, _ changes: Changes) throws {
        do {
            try connection.execute("""
                UPDATE mm.cohorts
                SET name = coalesce(\(changes.name)::text, name), starts_on = coalesce(\(changes.startsOn)::date, starts_on),
                    ends_on = coalesce(\(changes.endsOn)::date, ends_on), description = coalesce(\(changes.description)::text, description)
                WHERE cohort_id = \(cohort.id)
                """)
        } catch let error as PostgresError where error.sqlState == .uniqueViolation {
            throw MMError(.dataError, "Another cohort is named \(changes.name ?? cohort.name) already.")
        }
    }

    /// The number of sessions of `cohort` whose day (UTC) falls outside `startsOn`…`endsOn`.
    public func sessionsOutside(_ cohort: Cohort, startsOn: CalendarDate, endsOn: CalendarDate) throws -> Int {
        try connection.query("""
            SELECT count(*)::int AS n FROM mm.sessions
            WHERE cohort_id = \(cohort.id)
              AND ((started_at AT TIME ZONE 'UTC')::date < \(startsOn)::date OR (started_at AT TIME ZONE 'UTC')::date > \(endsOn)::date)
            """).first!.decode(Int.self, "n")
    }
}
