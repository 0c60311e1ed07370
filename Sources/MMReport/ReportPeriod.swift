import MMCalendar
import MMStore

/// The span a program report covers: a calendar month or a calendar quarter (UTC). A period is
/// named by its first day.
public enum ReportPeriod: Sendable, Equatable {
    case month, quarter

    /// Months per period.
    public var months: Int { self == .month ? 1 : 3 }

    /// The last period that is over on `today`: the default of every report.
    public func lastComplete(on today: CalendarDate) -> CalendarDate {
        adding(-1, to: start(of: today))
    }

    /// The period holding `day`.
    public func start(of day: CalendarDate) -> CalendarDate {
        let first = day.firstOfMonth
        return first.addingMonths(-((first.month - 1) % months))
    }

    /// The period `count` periods after the one starting `start` (before, when negative).
    public func adding(_ count: Int, to start: CalendarDate) -> CalendarDate {
        start.addingMonths(count * months)
    }

    /// The last month of the period starting `start`.
    public func lastMonth(of start: CalendarDate) -> CalendarDate {
        start.addingMonths(months - 1)
    }

    /// "September 2026" or "Q3 2026".
    public func name(_ start: CalendarDate) -> String {
        self == .month ? start.monthName : "Q\((start.month - 1) / 3 + 1) \(start.year)"
    }

    /// "2026-09" or "2026-Q3", as on the command line.
    public func text(_ start: CalendarDate) -> String {
        self == .month ? start.monthText : "\(start.year)-Q\((start.month - 1) / 3 + 1)"
    }

    /// "Sep 26" or "Q3 26", for chart axes.
    public func shortName(_ start: CalendarDate) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return self == .month ? "\(months[start.month - 1]) \(start.year % 100)" : "Q\((start.month - 1) / 3 + 1) \(start.year % 100)"
    }

    /// "month" or "quarter".
    public var noun: String { self == .month ? "month" : "quarter" }

    /// The `count` periods up to and including the one starting `start`, oldest first.
    public func trailing(_ count: Int, to start: CalendarDate) -> [CalendarDate] {
        (0..<count).reversed().map { adding(-$0, to: start) }
    }

    /// How many periods a report covers: this one and those of the year before it (trends and
    /// the comparison with the same period last year).
    public var covered: Int { self == .month ? 13 : 5 }
}
