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

    /// Today in UTC, the default day of commands.
    static var today: CalendarDate { SystemClock().today }
}
