/// Calendar-month arithmetic. Months are identified by their first day (a `CalendarDate` whose
/// `day` is 1), the way every `month` column of `mm_metrics` stores them, or by a month index
/// (`year * 12 + month - 1`) where a dense integer is handier (arrays indexed by month).
extension CalendarDate {
    /// The first day of this date's month.
    public var firstOfMonth: CalendarDate {
        CalendarDate(monthIndex: monthIndex)
    }

    /// The last day of this date's month.
    public var lastOfMonth: CalendarDate {
        CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year))!
    }

    /// The first day of the month `months` later (earlier when negative).
    public func addingMonths(_ months: Int) -> CalendarDate {
        CalendarDate(monthIndex: monthIndex + months)
    }

    /// `year * 12 + month - 1`: consecutive months have consecutive indexes.
    public var monthIndex: Int { year * 12 + month - 1 }

    /// The first day of the month with this index (see `monthIndex`); years 1 to 9999, like
    /// every `CalendarDate`.
    public init(monthIndex index: Int) {
        precondition((12..<120_000).contains(index), "month index \(index) is outside years 1 to 9999")
        self = CalendarDate(year: index / 12, month: index % 12 + 1, day: 1)!
    }

    /// Parses `YYYY-MM` into the month's first day.
    public init?(isoMonth text: some StringProtocol) {
        guard text.utf8.count == 7 else { return nil }
        self.init(iso: text + "-01")
    }

    /// "2026-10".
    public var monthText: String { String(description.prefix(7)) }

    /// "October 2026".
    public var monthName: String {
        let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                     "November", "December"]
        return "\(names[month - 1]) \(year)"
    }

    /// The `count` months up to and including this date's month, oldest first.
    public func trailingMonths(_ count: Int) -> [CalendarDate] {
        (0..<count).reversed().map { firstOfMonth.addingMonths(-$0) }
    }
}
