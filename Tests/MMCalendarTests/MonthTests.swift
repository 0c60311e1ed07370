import MMCalendar
import Testing

@Suite("Months and the clock")
struct MonthTests {
    let october = CalendarDate(year: 2026, month: 10, day: 17)!

    @Test("month arithmetic crosses year ends both ways")
    func addingMonths() {
        #expect(october.addingMonths(3) == CalendarDate(year: 2027, month: 1, day: 1))
        #expect(october.addingMonths(-10) == CalendarDate(year: 2025, month: 12, day: 1))
        #expect(october.addingMonths(0) == CalendarDate(year: 2026, month: 10, day: 1))
    }

    @Test("month index and its inverse agree from year 1 to 9999")
    func monthIndex() {
        for index in [12, 13, 23, 24_311, 119_999] {
            #expect(CalendarDate(monthIndex: index).monthIndex == index)
        }
        #expect(CalendarDate(monthIndex: october.monthIndex) == october.firstOfMonth)
    }

    @Test("first and last day, leap years included")
    func bounds() {
        #expect(CalendarDate(year: 2024, month: 2, day: 10)!.lastOfMonth == CalendarDate(year: 2024, month: 2, day: 29))
        #expect(CalendarDate(year: 2026, month: 2, day: 10)!.lastOfMonth == CalendarDate(year: 2026, month: 2, day: 28))
        #expect(october.firstOfMonth.day == 1)
    }

    @Test("YYYY-MM parsing takes exactly that form")
    func parsing() {
        #expect(CalendarDate(isoMonth: "2026-10") == CalendarDate(year: 2026, month: 10, day: 1))
        #expect(CalendarDate(isoMonth: "2026-13") == nil)
        #expect(CalendarDate(isoMonth: "2026-1") == nil)
        #expect(CalendarDate(isoMonth: "2026-10-01") == nil)
        #expect(october.monthText == "2026-10")
        #expect(october.monthName == "October 2026")
    }

    @Test("trailing months end with the date's month, oldest first")
    func trailing() {
        let months = october.trailingMonths(3)
        #expect(months.map(\.monthText) == ["2026-08", "2026-09", "2026-10"])
    }

    @Test("a fixed clock gives today, this month and the last complete month in UTC")
    func clock() {
        let clock = FixedClock(secondsSinceEpoch: Double(october.daysSinceEpoch) * 86_400 + 86_399)
        #expect(clock.today == october)
        #expect(clock.currentMonth == october.firstOfMonth)
        #expect(clock.lastCompleteMonth == CalendarDate(year: 2026, month: 9, day: 1))
        #expect(FixedClock(october).today == october)
        #expect(SystemClock().today > october.addingMonths(-1200))
    }
}
