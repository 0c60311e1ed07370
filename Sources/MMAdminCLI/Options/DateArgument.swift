import MMDomain
import MMCalendar
import Foundation
import ArgumentParser
import PostgresClient

extension CalendarDate: ExpressibleByArgument {
    /// Dates on the command line are ISO `YYYY-MM-DD`.
    public init?(argument: String) {
        self.init(iso: argument)
    }

    /// Today in UTC.
    static var today: CalendarDate {
        CalendarDate(daysSinceEpoch: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }
}
