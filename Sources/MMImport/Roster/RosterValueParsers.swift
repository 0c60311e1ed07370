import MMDomain
import MMCalendar
import Foundation
import PostgresClient

/// How dates are written in a file. ISO `YYYY-MM-DD` is always accepted; the others only
/// when named, because `03/04/2026` means different days in different countries.
public enum DateFormat: String, CaseIterable, Sendable {
    case iso = "YYYY-MM-DD"
    case us = "MM/DD/YYYY"
    case european = "DD.MM.YYYY"

    /// Accepts the format's spelling in any case, or the short names iso, us, eu.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "iso", "yyyy-mm-dd": self = .iso
        case "us", "mm/dd/yyyy": self = .us
        case "eu", "european", "dd.mm.yyyy": self = .european
        default: return nil
        }
    }

    /// What a date in this format may look like, for messages.
    public var accepted: String {
        switch self {
        case .iso: return "YYYY-MM-DD"
        case .us: return "MM/DD/YYYY (or YYYY-MM-DD)"
        case .european: return "DD.MM.YYYY or DD/MM/YYYY (or YYYY-MM-DD)"
        }
    }

    /// Parses `text` as ISO or, when it is the chosen format, as this format (European dates
    /// separated by dots, slashes or hyphens: `24.11.2026`, `24/11/2026`).
    public func parse(_ text: some StringProtocol) -> CalendarDate? {
        if let iso = CalendarDate(iso: text) { return iso }
        let separators: Set<Character>
        switch self {
        case .iso: return nil
        case .us: separators = ["/"]
        case .european: separators = [".", "/", "-"]
        }
        guard let separator = text.first(where: separators.contains) else { return nil }
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].count == 4, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let first = Int(parts[0]), let second = Int(parts[1]), let year = Int(parts[2])
        else { return nil }
        return self == .us ? CalendarDate(year: year, month: first, day: second)
                           : CalendarDate(year: year, month: second, day: first)
    }
}

/// Employment status words HR systems export, reduced to mmadmin's two states.
public enum EmploymentStatus: String, Sendable {
    case active
    case inactive

    /// Anyone employed counts as active, on leave included (DESIGN.md).
    static let activeWords: Set<String> = [
        "active", "a", "employed", "current", "onleave", "leave", "leaveofabsence", "loa", "paidleave",
        "unpaidleave", "parentalleave", "maternityleave", "paternityleave", "sickleave", "sabbatical",
        "furloughed", "suspended", "true", "yes", "y", "1", "fulltime", "parttime", "probation", "notice",
        "onnotice", "pending", "hired",
    ]
    static let inactiveWords: Set<String> = [
        "inactive", "i", "terminated", "t", "term", "left", "former", "retired", "resigned", "deceased",
        "withdrawn", "separated", "dismissed", "offboarded", "exited", "false", "no", "n", "0", "ended",
        "laidoff", "redundant", "quit",
    ]

    /// Parses a status cell; nil when the word is not recognised.
    public init?(word: String) {
        let normalized = Spelling.normalize(word)
        if Self.activeWords.contains(normalized) { self = .active }
        else if Self.inactiveWords.contains(normalized) { self = .inactive }
        else { return nil }
    }
}

/// A deliberately plain e-mail check: one `@`, something before it, a dotted domain after it,
/// no spaces or control characters. HR systems hold real addresses; this catches shifted
/// columns and typos, not every RFC 5322 corner.
public enum EmailAddress {
    public static func isPlausible(_ text: String) -> Bool {
        var atIndex = -1
        var index = 0
        var previous: UInt8 = 0
        var domainHasDot = false
        for byte in text.utf8 {
            switch byte {
            case 64: // @
                if atIndex >= 0 { return false }
                atIndex = index
            case 0...32, 44, 59, 60, 62, 127: // control, space, comma, semicolon, angle brackets
                return false
            case 46: // .
                if atIndex >= 0 {
                    if previous == 46 || previous == 64 { return false }
                    domainHasDot = true
                }
            default:
                break
            }
            previous = byte
            index += 1
        }
        // Non-ASCII spaces are rare enough to check only when there is non-ASCII text.
        if text.utf8.contains(where: { $0 >= 0x80 }), text.unicodeScalars.contains(where: { $0.properties.isWhitespace }) {
            return false
        }
        return atIndex > 0 && index - atIndex - 1 >= 3 && domainHasDot && previous != 46
    }
}
