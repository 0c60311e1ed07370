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

    /// 0.412 → "41 %".
    public static func percent(_ share: Double?) -> String {
        guard let share else { return "–" }
        return String(format: "%.0f %%", share * 100)
    }

    /// The relative change from `previous` to `current`: "+12 %", "−3 %", "no change", or "–".
    public static func change(_ current: Double?, from previous: Double?) -> String {
        guard let current, let previous, previous != 0 else { return "–" }
        let relative = (current - previous) / previous * 100
        if abs(relative) < 0.5 { return "no change" }
        return String(format: "%@%.0f %%", relative > 0 ? "+" : "−", abs(relative))
    }

    /// Escapes text for one line of Markdown (a heading, a list item, a table cell): line
    /// breaks become spaces, so a value cannot end its line and start a heading, a list or a
    /// table row of its own; and every character that could begin emphasis, code, a link or an
    /// image, an autolink, raw HTML, an entity or a cell is backslash-escaped, so names read
    /// exactly as stored. `<` is escaped only where it could open a tag or an autolink, which
    /// keeps "<5" (a suppressed figure) as it is.
    public static func markdown(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        var characters = text.makeIterator()
        var next = characters.next()
        while let character = next {
            next = characters.next()
            switch character {
            case "\r\n", "\n", "\r", "\u{2028}", "\u{2029}":
                out.append(" ")
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

    /// Escapes text for HTML element content and attribute values.
    public static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
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
