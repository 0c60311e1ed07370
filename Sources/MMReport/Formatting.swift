import MMDomain
import Foundation

/// Numbers as people read them in a report.
public enum Formatting {
    /// 1234567 → "1,234,567"; non-integers to one decimal.
    public static func number(_ value: Double?) -> String {
        guard let value else { return "–" }
        if value == value.rounded() && abs(value) < 1e15 { return grouped(Int(value)) }
        return String(format: "%.1f", value)
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// A figure for programs (CSV): whole numbers without a fraction ("1412", not "1412.0"),
    /// others with every digit.
    public static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// 0.412 → "41 %"; shares under 10 % (and between 99 and 100 %) with one decimal, so a
    /// small rate never reads "0 %" and a nearly full one never "100 %": 0.0044 → "0.4 %".
    public static func percent(_ share: Double?) -> String {
        guard let share else { return "–" }
        let points = share * 100
        let precise = points != 0 && (abs(points) < 9.95 || (points > 99 && points < 100))
        if precise && abs(points) < 0.05 { return points > 0 ? "<0.1 %" : "−<0.1 %" }
        return String(format: precise ? "%.1f %%" : "%.0f %%", points)
    }

    /// The relative change from `previous` to `current`: "+12 %", "−3 %", "+0.1 %" (one
    /// decimal below 1 %), "+<0.1 %", "no change" only when the figures are equal, or "–".
    public static func change(_ current: Double?, from previous: Double?) -> String {
        guard let current, let previous, previous != 0 else { return "–" }
        return signed(current == previous ? 0 : (current - previous) / abs(previous) * 100, unit: "%")
    }

    /// The change of a rate (a fraction) in percentage points: 0.412 → 0.424 is "+1.2 pp";
    /// "no change" only when the rates are equal, "–" when either is unknown.
    public static func pointChange(_ current: Double?, from previous: Double?) -> String {
        guard let current, let previous else { return "–" }
        return signed(current == previous ? 0 : (current - previous) * 100, unit: "pp")
    }

    /// A signed difference with its unit: whole numbers from 1 up, one decimal below, "<0.1"
    /// for a difference too small to show; "no change" for exactly zero.
    static func signed(_ difference: Double, unit: String) -> String {
        guard difference != 0 else { return "no change" }
        let sign = difference > 0 ? "+" : "−", size = abs(difference)
        if size < 0.05 { return "\(sign)<0.1 \(unit)" }
        if unit == "%" && size >= 0.95 { return String(format: "%@%.0f %@", sign, size, unit) }
        return String(format: "%@%.1f %@", sign, size, unit)
    }

    /// Text with nothing a reader would act on rather than show: control characters (terminal
    /// escape sequences among them) and the Unicode bidirectional controls that reorder what
    /// follows them become U+FFFD, line breaks become spaces. For tables on a terminal and for
    /// report text; stored values stay exactly as given.
    public static func visible(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var previousWasCarriageReturn = false
        for scalar in text.unicodeScalars {
            defer { previousWasCarriageReturn = scalar == "\r" }
            switch scalar.value {
            case 0x0A where previousWasCarriageReturn: continue
            case 0x0A, 0x0D, 0x2028, 0x2029: out.append(" ")
            case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C:
                out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// Escapes text for one line of Markdown (a heading, a list item, a table cell): made
    /// `visible` first, so line breaks become spaces and a value cannot end its line and start a heading, a list or a
    /// table row of its own; and every character that could begin emphasis, code, a link or an
    /// image, an autolink, raw HTML, an entity or a cell is backslash-escaped, so names read
    /// exactly as stored. `<` is escaped only where it could open a tag or an autolink, which
    /// keeps "<5" (a suppressed figure) as it is.
    public static func markdown(_ text: String) -> String {
        var out = ""
        var characters = visible(text).makeIterator()
        var next = characters.next()
        while let character = next {
            next = characters.next()
            switch character {
            case "\\", "`", "*", "_", "[", "]", "|", "~", "&", "!", "#", ">":
                out += "\\" + String(character)
            case "<" where next.map { $0.isLetter || $0 == "/" || $0 == "!" || $0 == "?" } ?? false:
                out += "\\<"
            default:
                out.append(character)
            }
        }
        return out
    }

    /// Escapes text for HTML element content and attribute values (controls made visible).
    public static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in visible(text) {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
