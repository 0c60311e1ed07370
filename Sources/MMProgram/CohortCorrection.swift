import MMCalendar
import MMDomain
import MMStore
import PostgresClient

/// Corrections of a cohort's name, dates and description.
public final class CohortCorrection: ConnectionBound {
    /// What `update` did.
    public struct Outcome: Sendable {
        public let name: String
        public let startsOn: CalendarDate
        public let endsOn: CalendarDate
        /// Sessions of the cohort whose day now falls outside its dates (kept: they happened).
        public let sessionsOutside: Int
    }

    /// Changes the fields given of the cohort `reference` names; the dates must stay in order.
    public func update(_ reference: String, _ changes: CohortRepository.Changes) throws -> Outcome {
        try connection.transaction {
            let cohorts = CohortRepository(connection: connection)
            let cohort = try cohorts.find(reference)
            let startsOn = changes.startsOn ?? cohort.startsOn, endsOn = changes.endsOn ?? cohort.endsOn
            guard endsOn >= startsOn else {
                throw MMError(.usage, "The cohort would end (\(endsOn)) before it starts (\(startsOn)).")
            }
            try cohorts.update(cohort, changes)
            let outside = changes.startsOn == nil && changes.endsOn == nil
                ? 0 : try cohorts.sessionsOutside(cohort, startsOn: startsOn, endsOn: endsOn)
            return Outcome(name: changes.name ?? cohort.name, startsOn: startsOn, endsOn: endsOn, sessionsOutside: outside)
        }
    }
}
