import MMCalendar

/// The one line that tells a reader the stored network figures are behind the data.
enum StaleFigures {
    static func sentence(from month: CalendarDate) -> String {
        "the stored network figures are out of date from \(month.monthText) on; "
            + "run `mmadmin metrics refresh` on the primary database to update them."
    }
}
