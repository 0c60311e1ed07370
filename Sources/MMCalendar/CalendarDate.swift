/// A calendar day with no time or time zone, the Swift side of PostgreSQL's `date`.
public struct CalendarDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or returns nil when the day does not exist (such as 2026-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CalendarDate.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses ISO `YYYY-MM-DD` exactly (four-digit year, two-digit month and day).
    public init?(iso text: some StringProtocol) {
        var text = String(text)
        guard let date = text.withUTF8({ CalendarDate(isoUTF8: $0) }) else { return nil }
        self = date
    }

    /// Parses ISO `YYYY-MM-DD` given as UTF-8 bytes (a bulk load reads dates straight from the file).
    public init?(isoUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 10 else { return nil }
        var values = (year: 0, month: 0, day: 0)
        for offset in 0..<10 {
            let byte = bytes[offset]
            if offset == 4 || offset == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard byte >= 48, byte <= 57 else { return nil }
            let digit = Int(byte - 48)
            switch offset {
            case 0..<4: values.year = values.year * 10 + digit
            case 5..<7: values.month = values.month * 10 + digit
            default: values.day = values.day * 10 + digit
            }
        }
        self.init(year: values.year, month: values.month, day: values.day)
    }


    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (negative before), by the proleptic Gregorian calendar.
    public var daysSinceEpoch: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The inverse of `daysSinceEpoch`.
    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// The date `days` days later (earlier when negative).
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    public var description: String {
        var text: [UInt8] = []
        appendISO(to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends the date as `YYYY-MM-DD`, digit by digit: dates are formatted for every row of a
    /// bulk load.
    public func appendISO(to bytes: inout [UInt8]) {
        guard (0...9999).contains(year) else {
            bytes.append(contentsOf: "\(year)-\(month)-\(day)".utf8)
            return
        }
        bytes.append(UInt8(48 + year / 1000)); bytes.append(UInt8(48 + year / 100 % 10))
        bytes.append(UInt8(48 + year / 10 % 10)); bytes.append(UInt8(48 + year % 10)); bytes.append(45)
        bytes.append(UInt8(48 + month / 10)); bytes.append(UInt8(48 + month % 10)); bytes.append(45)
        bytes.append(UInt8(48 + day / 10)); bytes.append(UInt8(48 + day % 10))
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}
