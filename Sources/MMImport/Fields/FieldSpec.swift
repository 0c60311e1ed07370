import MMDomain
import MMCalendar
import Foundation
import MMStore
import PostgresClient

/// How one CSV column's text becomes a staged value.
public enum FieldKind: Sendable {
    /// Free text, kept exactly as given.
    case text(maxLength: Int)
    /// An id or a name used as a key: surrounding spaces removed.
    case identifier(maxLength: Int)
    case integer(ClosedRange<Int>)
    /// yes/no, true/false, y/n, 1/0 (any case); empty is unknown (NULL).
    case boolean
    /// ISO `YYYY-MM-DD`, or the file's `DateFormat`.
    case date
    /// A date and a time (`DateTimeText`): ISO 8601 with an offset or `Z`, such as
    /// `2026-11-03T14:00:00+01:00`, or a wall-clock time (24- or 12-hour, the file's date
    /// format) in the row's or the import's time zone.
    case timestamp
    /// An IANA time zone name (`America/New_York`); read to place a row's times, never staged.
    case timeZone
    /// One of a set of words (compared in lower case, spaces and hyphens as underscores).
    case choice([String])
    /// A list split by `ListText.topics` (`,`, `;` and `|` all separate, items trimmed), as a
    /// PostgreSQL text array.
    case list(maxItemLength: Int)
    case email

    /// The staging table's column type.
    var stagingType: StagingType {
        switch self {
        case .text, .identifier, .choice, .email, .timeZone: return .text
        case .integer: return .integer
        case .boolean: return .boolean
        case .date: return .date
        case .timestamp: return .timestamp
        case .list: return .textArray
        }
    }

    var isTimestamp: Bool {
        if case .timestamp = self { return true }
        return false
    }

    /// Whether surrounding spaces are dropped before parsing.
    var trims: Bool {
        if case .text = self { return false }
        return true
    }
}

/// One importable field: its canonical name, the header spellings it accepts, and its kind.
public struct FieldSpec: Sendable {
    public let name: String
    /// Normalized header spellings (lower case, letters and digits), the name's own included.
    let aliases: [String]
    public let kind: FieldKind
    public let required: Bool
    /// What the field is for, when its name does not say (helper columns), for help texts.
    public let purpose: String?

    public init(_ name: String, _ kind: FieldKind, required: Bool = false, aliases: [String] = [], purpose: String? = nil) {
        self.name = name
        self.kind = kind
        self.required = required
        self.purpose = purpose
        self.aliases = ([name] + aliases).map(Spelling.normalize)
    }

    /// Parses a non-empty cell into its staging text form (as PostgreSQL reads it in bulk), or
    /// returns the problem's message. `context` says how the file writes dates and times.
    func parse(_ text: String, context: ValueContext = ValueContext()) -> Result<String, FieldError> {
        switch kind {
        case .text(let limit), .identifier(let limit):
            guard text.utf8.count <= limit || text.count <= limit else {
                return .failure(FieldError("is \(text.count) characters long; the limit is \(limit)"))
            }
            return .success(text)
        case .integer(let range):
            guard let value = Int(text), range.contains(value) else {
                return .failure(FieldError("\"\(text)\" is not a whole number from \(range.lowerBound) to \(range.upperBound)"))
            }
            return .success(String(value))
        case .boolean:
            switch text.lowercased() {
            case "yes", "y", "true", "t", "1": return .success("t")
            case "no", "n", "false", "f", "0": return .success("f")
            default: return .failure(FieldError("\"\(text)\" is not yes or no"))
            }
        case .date:
            guard let day = context.dateFormat.parse(text) else {
                return .failure(FieldError("\"\(text)\" is not a date in \(context.dateFormat.accepted)",
                                           remedy: context.dateFormat == .iso ? .nameDateFormat : nil))
            }
            return .success(day.description)
        case .timestamp:
            return DateTimeText(dateFormat: context.dateFormat, timeZone: context.timeZone).parse(text)
        case .timeZone:
            guard let zone = ImportTimeZone.named(text) else {
                return .failure(FieldError("\"\(text)\" is not a time zone name (an IANA name such as America/New_York or UTC)"))
            }
            return .success(zone.identifier)
        case .choice(let words):
            // Exports mostly repeat the canonical spelling; only others are normalized.
            if words.contains(text) { return .success(text) }
            let normalized = String(text.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
            guard words.contains(normalized) else {
                return .failure(FieldError("\"\(text)\" is not one of: \(words.joined(separator: ", "))"))
            }
            return .success(normalized)
        case .list(let limit):
            let items = ListText.topics(text)
            if let long = items.first(where: { $0.count > limit }) {
                return .failure(FieldError("\"\(long)\" is longer than \(limit) characters"))
            }
            return .success(items.postgresText)
        case .email:
            guard text.utf8.count <= 254, EmailAddress.isPlausible(text) else {
                return .failure(FieldError("\"\(text)\" is not an e-mail address"))
            }
            return .success(text)
        }
    }
}

/// How a file writes dates and times: its date format, and the time zone of times written
/// without an offset (for a row with a time-zone column, that row's zone).
struct ValueContext {
    var dateFormat: DateFormat = .iso
    var timeZone: TimeZone = ImportTimeZone.utc
}

/// Why a cell was refused, and the option that would let it through when there is one.
struct FieldError: Error {
    let message: String
    let remedy: Remedy?
    init(_ message: String, remedy: Remedy? = nil) {
        self.message = message
        self.remedy = remedy
    }
}
