import MMCalendar
/// iCalendar (RFC 5545) text: value escaping, parameter quoting and line folding.
public enum ICalendarText {
    /// A TEXT value: backslash, semicolon and comma escaped, line breaks as `\n`, other
    /// control characters (which TEXT may not hold) as spaces.
    public static func text(_ value: String) -> String {
        var out = ""
        var previousWasCR = false
        for scalar in value.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n" where previousWasCR: continue
            case "\r", "\n", "\u{2028}", "\u{2029}": out += "\\n"
            case "\t": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += " " } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// A parameter value (such as `CN`) as a quoted string: a double quote, a line break and
    /// `^` follow RFC 6868 (`^'`, `^n`, `^^`); other control characters become spaces.
    public static func quotedParameter(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "^": out += "^^"
            case "\"": out += "^'"
            case "\n", "\r": out += "^n"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += " " } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    /// One content line, folded so that no line is longer than 75 octets (a fold is CRLF and a
    /// space), never inside a UTF-8 sequence; ends with CRLF.
    public static func folded(_ line: String) -> String {
        var out = ""
        var octets = 0
        for character in line.unicodeScalars {
            let size = String(character).utf8.count
            if octets + size > 75 {
                out += "\r\n "
                octets = 1
            }
            out.unicodeScalars.append(character)
            octets += size
        }
        return out + "\r\n"
    }

    /// "20261207T090000Z".
    public static func dateTime(_ minute: UTCMinute) -> String {
        dateTime(seconds: minute.minutesSinceEpoch * 60)
    }

    /// A UTC DATE-TIME from seconds since 1970.
    public static func dateTime(seconds: Int) -> String {
        let minute = UTCMinute(minutesSinceEpoch: Int((Double(seconds) / 60).rounded(.down)))
        let day = minute.day
        let second = seconds - minute.minutesSinceEpoch * 60
        func two(_ value: Int) -> String { (value < 10 ? "0" : "") + String(value) }
        let date = String(day.year) + two(day.month) + two(day.day)
        return date + "T" + two(minute.minuteOfDay / 60) + two(minute.minuteOfDay % 60) + two(second) + "Z"
    }
}
