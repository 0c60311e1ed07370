import MMCalendar
import MMReport
import Testing

@Suite("Report periods")
struct ReportPeriodTests {
    func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    @Test("quarters start in January, April, July and October; the last complete one is before today's")
    func quarters() {
        #expect(ReportPeriod.quarter.start(of: day("2026-08-31")) == day("2026-07-01"))
        #expect(ReportPeriod.quarter.start(of: day("2026-10-01")) == day("2026-10-01"))
        #expect(ReportPeriod.quarter.lastComplete(on: day("2026-12-03")) == day("2026-07-01"))
        #expect(ReportPeriod.quarter.lastComplete(on: day("2027-01-01")) == day("2026-10-01"))
        #expect(ReportPeriod.quarter.lastMonth(of: day("2026-07-01")) == day("2026-09-01"))
        #expect(ReportPeriod.quarter.text(day("2026-10-01")) == "2026-Q4")
        #expect(ReportPeriod.quarter.name(day("2026-01-01")) == "Q1 2026")
        #expect(ReportPeriod.quarter.trailing(3, to: day("2026-01-01")) == [day("2025-07-01"), day("2025-10-01"), day("2026-01-01")])
    }

    @Test("months: the last complete month, in January too")
    func months() {
        #expect(ReportPeriod.month.lastComplete(on: day("2027-01-15")) == day("2026-12-01"))
        #expect(ReportPeriod.month.text(day("2026-09-01")) == "2026-09")
        #expect(ReportPeriod.month.lastMonth(of: day("2026-09-01")) == day("2026-09-01"))
    }
}
