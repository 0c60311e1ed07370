#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where "now" comes from. Services take a clock instead of reading the system time, so tests
/// can fix the day (a report's "last complete month", a command's default date).
public protocol WallClock: Sendable {
    /// Seconds since 1970-01-01T00:00:00Z.
    func secondsSinceEpoch() -> Double
}

extension WallClock {
    /// Today's date in UTC, the time zone of every metric (DESIGN.md).
    public var today: CalendarDate {
        let seconds = secondsSinceEpoch()
        return CalendarDate(daysSinceEpoch: Int((seconds / 86_400).rounded(.down)))
    }

    /// The first day of the current month (UTC).
    public var currentMonth: CalendarDate { today.firstOfMonth }

    /// The first day of the last complete month (UTC): the default month of reports.
    public var lastCompleteMonth: CalendarDate { currentMonth.addingMonths(-1) }
}

/// The operating system's clock.
public struct SystemClock: WallClock {
    public init() {}

    public func secondsSinceEpoch() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1_000_000_000
    }
}

/// A clock that always says the same instant; for tests and reproducible runs.
public struct FixedClock: WallClock {
    public let seconds: Double

    public init(secondsSinceEpoch seconds: Double) {
        self.seconds = seconds
    }

    /// A clock standing at midnight UTC of `day`.
    public init(_ day: CalendarDate) {
        self.seconds = Double(day.daysSinceEpoch) * 86_400
    }

    public func secondsSinceEpoch() -> Double { seconds }
}
