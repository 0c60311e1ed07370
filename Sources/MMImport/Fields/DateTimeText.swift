import Foundation
import MMCalendar
import MMDomain
import PostgresClient

/// How date-and-time cells of scheduling tools and calendars become instants: a date (ISO, or
/// the file's `DateFormat`), `T` or spaces (a comma may follow the date), a 24-hour time
/// (`14:00`, `14:00:30`, `14:00:30.250`) or a 12-hour one (`2:00 pm`, `2:00PM`, `12:00 am` is
/// midnight, `12:00 pm` noon), and optionally an offset (`Z`, `+01:00`, `-0500`, `+01`, `UTC`).
/// A time without an offset is a wall-clock time in the given zone.
struct DateTimeText {
    let dateFormat: DateFormat
    let timeZone: TimeZone

    /// The instant as staging text (UTC), or why the text is not one.
    func parse(_ text: String) -> Result<String, FieldError> {
        // The common case, ISO 8601 with an offset, takes the fast path of the store's parser.
        if Self.hasISOOffset(text), let instant = PostgresTimestamp.parse(text) {
            return .success(PostgresTimestamp.format(instant))
        }
        let (datePart, timePart) = Self.split(text)
        guard let day = dateFormat.parse(datePart) else {
            if dateFormat == .iso, Self.looksLikeDayMonthYear(datePart) {
                return .failure(FieldError("\"\(text)\" has a date that is not YYYY-MM-DD", remedy: .nameDateFormat))
            }
            return .failure(FieldError("\"\(text)\" is not a date and time (\(dateFormat.rawValue) then a time such as 14:00 or 2:00 pm)"))
        }
        guard !timePart.isEmpty else {
            return .failure(FieldError("\"\(text)\" has no time of day"))
        }
        let time: TimeOfDay
        switch TimeOfDay.parse(timePart) {
        case .success(let parsed): time = parsed
        case .failure(let error): return .failure(FieldError("\"\(text)\": \(error.message)"))
        }
        let local = day.daysSinceEpoch * 86_400 + time.seconds
        let seconds: Int
        if let offset = time.offsetSeconds {
            seconds = local - offset
        } else if let instant = ImportTimeZone.instant(ofLocal: local, in: timeZone) {
            seconds = instant
        } else {
            return .failure(FieldError("\"\(text)\" does not exist in \(timeZone.identifier) (the clocks skipped that hour)"))
        }
        return .success(PostgresTimestamp.format(Date(timeIntervalSince1970: Double(seconds) + time.fraction)))
    }

    /// `YYYY-MM-DDTHH:MM:SS` followed by `Z` or a signed offset (fractions allowed).
    private static func hasISOOffset(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.count > 19 else { return false }
        let tail = bytes.dropFirst(19)
        return tail.last == UInt8(ascii: "Z") || tail.last == UInt8(ascii: "z")
            || tail.contains(UInt8(ascii: "+")) || tail.contains(UInt8(ascii: "-"))
    }

    /// The date and the rest: split at an ISO `T`, else at the first space (or comma and space).
    private static func split(_ text: String) -> (date: Substring, time: Substring) {
        let trimmed = Substring(text)
        let bytes = Array(trimmed.utf8)
        if bytes.count > 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
           bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") {
            let index = trimmed.utf8.index(trimmed.startIndex, offsetBy: 10)
            return (trimmed[..<index], trimmed[trimmed.index(after: index)...])
        }
        guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "," }) else { return (trimmed, "") }
        let rest = trimmed[space...].drop { $0 == " " || $0 == "," }
        return (trimmed[..<space], rest)
    }

    /// `11/24/2026`, `24.11.2026`: a date in a format that needs `--date-format`.
    private static func looksLikeDayMonthYear(_ text: Substring) -> Bool {
        let parts = text.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "." || $0 == "-" }
        return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }
}

/// A time of day as written in a cell: 24- or 12-hour, with an optional offset.
struct TimeOfDay {
    /// Seconds since midnight.
    var seconds: Int
    var fraction: Double
    /// The offset written with it (`Z` is 0), or nil when it has none.
    var offsetSeconds: Int?

    static func parse(_ text: Substring) -> Result<TimeOfDay, FieldError> {
        var scanner = Scanner(text)
        guard let hour = scanner.number(digits: 1...2), scanner.skip(":"), let minute = scanner.number(digits: 2...2) else {
            return .failure(FieldError("the time is not HH:MM (24-hour) or H:MM am/pm"))
        }
        var second = 0
        var fraction = 0.0
        if scanner.skip(":") {
            guard let value = scanner.number(digits: 2...2) else { return .failure(FieldError("the seconds are not two digits")) }
            second = value
            if scanner.skip(".") {
                guard let digits = scanner.digits(), digits.count <= 9 else {
                    return .failure(FieldError("the fraction of a second is not digits"))
                }
                fraction = Double("0." + digits) ?? 0
            }
        }
        scanner.skipSpaces()
        var hour24 = hour
        if let meridiem = scanner.meridiem() {
            guard (1...12).contains(hour) else {
                return .failure(FieldError("\(hour):\(minute < 10 ? "0" : "")\(minute) \(meridiem ? "pm" : "am") is not a 12-hour time (hours 1 to 12)"))
            }
            hour24 = hour % 12 + (meridiem ? 12 : 0)
            scanner.skipSpaces()
        }
        guard hour24 < 24, minute < 60, second < 60 else {
            return .failure(FieldError("the time is out of range (00:00 to 23:59:59)"))
        }
        var offset: Int?
        if !scanner.atEnd {
            guard let parsed = scanner.offset(), scanner.atEnd else {
                return .failure(FieldError("what follows the time is not an offset such as Z, +01:00 or -0500"))
            }
            offset = parsed
        }
        return .success(TimeOfDay(seconds: hour24 * 3600 + minute * 60 + second, fraction: fraction, offsetSeconds: offset))
    }

    /// Reads a time cell left to right.
    private struct Scanner {
        let characters: [Character]
        var index = 0
        init(_ text: Substring) { characters = Array(text) }

        var atEnd: Bool { index == characters.count }

        mutating func skip(_ character: Character) -> Bool {
            guard index < characters.count, characters[index] == character else { return false }
            index += 1
            return true
        }

        mutating func skipSpaces() {
            while index < characters.count, characters[index] == " " { index += 1 }
        }

        mutating func digits() -> String? {
            let start = index
            while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
            return index > start ? String(characters[start..<index]) : nil
        }

        mutating func number(digits range: ClosedRange<Int>) -> Int? {
            let start = index
            guard let text = digits(), range.contains(text.count) else { index = start; return nil }
            return Int(text)
        }

        /// `am`/`pm`, `a.m.`/`p.m.` in any case: true for pm.
        mutating func meridiem() -> Bool? {
            let rest = String(characters[index...]).lowercased()
            for (spelling, pm) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)] where rest.hasPrefix(spelling) {
                index += spelling.count
                return pm
            }
            return nil
        }

        /// `Z`, `UTC`, `GMT`, or `+HH`, `+HHMM`, `+HH:MM` (or `-`).
        mutating func offset() -> Int? {
            let rest = String(characters[index...])
            if ["z", "utc", "gmt"].contains(rest.lowercased()) {
                index = characters.count
                return 0
            }
            guard index < characters.count, characters[index] == "+" || characters[index] == "-" else { return nil }
            let sign = characters[index] == "-" ? -1 : 1
            index += 1
            guard let hours = number(digits: 2...2), hours <= 18 else { return nil }
            _ = skip(":")
            let minutes = number(digits: 2...2) ?? 0
            guard minutes < 60 else { return nil }
            return sign * (hours * 3600 + minutes * 60)
        }
    }
}
