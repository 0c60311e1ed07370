import Foundation
import MMDomain
import MMCalendar

/// An instant to the minute, in UTC (the metrics' time zone): whole minutes since 1970.
public struct UTCMinute: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let minutesSinceEpoch: Int

    public init(minutesSinceEpoch: Int) {
        self.minutesSinceEpoch = minutesSinceEpoch
    }

    public init(day: CalendarDate, minuteOfDay: Int) {
        self.minutesSinceEpoch = day.daysSinceEpoch * 1440 + minuteOfDay
    }

    public var day: CalendarDate { CalendarDate(daysSinceEpoch: Int((Double(minutesSinceEpoch) / 1440).rounded(.down))) }
    public var minuteOfDay: Int { minutesSinceEpoch - day.daysSinceEpoch * 1440 }

    public func adding(minutes: Int) -> UTCMinute { UTCMinute(minutesSinceEpoch: minutesSinceEpoch + minutes) }

    /// "HH:MM".
    public var clock: String {
        let hours = minuteOfDay / 60, minutes = minuteOfDay % 60
        return (hours < 10 ? "0" : "") + String(hours) + ":" + (minutes < 10 ? "0" : "") + String(minutes)
    }

    /// "2026-12-07 09:00".
    public var description: String { "\(day) \(clock)" }

    public static func < (lhs: UTCMinute, rhs: UTCMinute) -> Bool { lhs.minutesSinceEpoch < rhs.minutesSinceEpoch }
}

/// When introductions may be scheduled: `--slot "2026-12-07 09:00..2026-12-11 17:00"` reads as
/// every weekday from the first day to the last, each from the first time to the second (UTC);
/// Saturdays and Sundays are skipped.
public struct SlotWindow: Sendable, Equatable {
    public let first: UTCMinute
    public let last: UTCMinute

    /// Parses "YYYY-MM-DD HH:MM..YYYY-MM-DD HH:MM"; nil when it is not that, when the last day
    /// is before the first, or when the daily end is not after the daily start.
    public init?(_ text: String) {
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2, let first = Self.minute(parts[0]), let last = Self.minute(parts[1]),
              first.day <= last.day, first.minuteOfDay < last.minuteOfDay else { return nil }
        self.first = first
        self.last = last
    }

    /// The working week (Monday to Friday, 09:00 to 17:00 UTC) after `day`: the window when
    /// none is given.
    public static func weekAfter(_ day: CalendarDate) -> SlotWindow {
        let monday = day.adding(days: 7 - day.weekday)
        return SlotWindow(first: UTCMinute(day: monday, minuteOfDay: 9 * 60),
                          last: UTCMinute(day: monday.adding(days: 4), minuteOfDay: 17 * 60))
    }

    private init(first: UTCMinute, last: UTCMinute) {
        self.first = first
        self.last = last
    }

    /// The starts of every slot of `minutes` in the window, in time order.
    public func slots(minutes: Int) -> [UTCMinute] {
        guard minutes > 0 else { return [] }
        var starts: [UTCMinute] = []
        var day = first.day
        while day <= last.day {
            if !Self.isWeekend(day) {
                var start = first.minuteOfDay
                while start + minutes <= last.minuteOfDay {
                    starts.append(UTCMinute(day: day, minuteOfDay: start))
                    start += minutes
                }
            }
            day = day.adding(days: 1)
        }
        return starts
    }

    static func isWeekend(_ day: CalendarDate) -> Bool { day.weekday >= 5 }

    /// "YYYY-MM-DD HH:MM" (surrounding spaces allowed).
    private static func minute(_ text: String) -> UTCMinute? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let pieces = trimmed.split(separator: " ", omittingEmptySubsequences: true)
        guard pieces.count == 2, let day = CalendarDate(iso: pieces[0]) else { return nil }
        let clock = pieces[1].split(separator: ":")
        guard clock.count == 2, clock.allSatisfy({ $0.count == 2 }), let hours = Int(clock[0]), let minutes = Int(clock[1]),
              (0...24).contains(hours), (0...59).contains(minutes), hours * 60 + minutes <= 1440 else { return nil }
        return UTCMinute(day: day, minuteOfDay: hours * 60 + minutes)
    }
}

extension CalendarDate {
    /// 0 for Monday to 6 for Sunday (1970-01-01 was a Thursday).
    var weekday: Int { ((daysSinceEpoch + 3) % 7 + 7) % 7 }
}
