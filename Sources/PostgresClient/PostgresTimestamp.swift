import MMCalendar
import Foundation

/// Parsing and formatting of `timestamptz` text in ISO style, without Foundation's date formatters
/// (which are slow and depend on the process's locale).
public enum PostgresTimestamp {
    /// Formats as `YYYY-MM-DDTHH:MM:SS.ffffffZ`.
    public static func format(_ date: Date) -> String {
        let totalMicros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        var micros = Int(totalMicros)
        var days = micros / 86_400_000_000
        micros -= days * 86_400_000_000
        if micros < 0 {
            micros += 86_400_000_000
            days -= 1
        }
        let day = CalendarDate(daysSinceEpoch: days)
        let seconds = micros / 1_000_000
        let fraction = micros % 1_000_000
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(day)T\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))."
            + "\(pad(fraction, 6))Z"
    }

    /// Parses an ISO 8601 timestamp and returns it normalized to UTC text (microseconds), or nil.
    public static func parseISO(_ text: String) -> String? {
        parse(text).map(format)
    }

    /// Parses PostgreSQL's ISO output (`2026-11-03 14:00:00.5+00`, `…+05:30`) and ISO 8601
    /// (`2026-11-03T14:00:00Z`). A missing offset means UTC.
    public static func parse(_ text: some StringProtocol) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, let day = CalendarDate(iso: text.prefix(10)),
              bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let hour = decimalNumber(bytes[11..<13]), let minute = decimalNumber(bytes[14..<16]),
              let second = decimalNumber(bytes[17..<19]), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
            if index == start { return nil }
        }
        var offsetSeconds = 0
        if index < bytes.count {
            let sign = bytes[index]
            if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
                index += 1
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                index += 1
                let rest = bytes[index...].filter { $0 != UInt8(ascii: ":") }
                guard rest.count == 2 || rest.count == 4 || rest.count == 6,
                      let hours = decimalNumber(rest.prefix(2)) else { return nil }
                let minutes = rest.count >= 4 ? decimalNumber(rest[(rest.startIndex + 2)..<(rest.startIndex + 4)]) ?? 0 : 0
                let secs = rest.count == 6 ? decimalNumber(rest.suffix(2)) ?? 0 : 0
                offsetSeconds = (hours * 3600 + minutes * 60 + secs) * (sign == UInt8(ascii: "-") ? -1 : 1)
                index = bytes.count
            } else {
                return nil
            }
        }
        guard index == bytes.count else { return nil }
        let seconds = day.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}

/// The decimal number spelled by ASCII digits, or nil for an empty or non-digit run.
private func decimalNumber(_ digits: ArraySlice<UInt8>) -> Int? {
    var value = 0
    for byte in digits {
        guard byte >= 48, byte <= 57 else { return nil }
        value = value * 10 + Int(byte - 48)
    }
    return digits.isEmpty ? nil : value
}
