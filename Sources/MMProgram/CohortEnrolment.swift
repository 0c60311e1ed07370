import MMCalendar
import MMDomain
import MMImport
import MMStore
import PostgresClient

/// Enrols people in a cohort, named one by one and from an enrolments file, as one unit of
/// work: when the file is refused, nobody named alongside it is enrolled either.
public final class CohortEnrolment: ConnectionBound {
    /// What one enrolment request changed.
    public struct Outcome: Sendable {
        public let cohortName: String
        /// Memberships added or changed for the people named one by one.
        public let enrolled: Int
        /// The import of the enrolments file, when one was given.
        public let imported: ProgramImportResult?
        /// Employee ids of people named one by one who have left the company (inactive in the
        /// roster): enrolled all the same (history may need them), worth a warning.
        public let leavers: [String]
    }

    /// Enrols `mentors` and `mentees` (employee ids or e-mails) on `day`, the mentees with
    /// `interests` (the topics they want help with; nil keeps stored ones), then imports `file`,
    /// inside one transaction.
    public func enrol(cohort reference: String, mentors: [String], mentees: [String], interests: [String]? = nil,
                      on day: CalendarDate, file: InputFile?, options: ProgramImportOptions) throws -> Outcome {
        try connection.transaction {
            let cohorts = CohortRepository(connection: connection)
            let cohort = try cohorts.find(reference)
            let resolver = PeopleResolver(connection: connection)
            var enrolled = 0
            var leavers: [String] = []
            for (role, references) in [(ProgramRole.mentor, mentors), (.mentee, mentees)] where !references.isEmpty {
                let people = try resolver.resolve(references)
                leavers += people.filter { !$0.active }.map(\.employeeID)
                enrolled += try cohorts.enroll(cohort, employeeIDs: people.map(\.employeeID), role: role.rawValue, on: day,
                                               interests: role == .mentee ? interests : nil)
            }
            let imported = try file.map {
                try ProgramImporter(connection: connection).run(.enrollments, file: $0, options: options)
            }
            return Outcome(cohortName: cohort.name, enrolled: enrolled, imported: imported, leavers: leavers)
        }
    }
}
