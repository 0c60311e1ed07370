import MMCalendar
import Foundation

/// PostgreSQL type OIDs that the client decodes (from `pg_type.dat`).
public enum PostgresType {
    public static let bool: UInt32 = 16
    public static let name: UInt32 = 19
    public static let int8: UInt32 = 20
    public static let int2: UInt32 = 21
    public static let int4: UInt32 = 23
    public static let text: UInt32 = 25
    public static let oid: UInt32 = 26
    public static let float4: UInt32 = 700
    public static let float8: UInt32 = 701
    public static let bpchar: UInt32 = 1042
    public static let varchar: UInt32 = 1043
    public static let date: UInt32 = 1082
    public static let timestamp: UInt32 = 1114
    public static let timestamptz: UInt32 = 1184
    public static let numeric: UInt32 = 1700
    public static let textArray: UInt32 = 1009
    public static let varcharArray: UInt32 = 1015
    public static let nameArray: UInt32 = 1003
}

/// A Swift type that can be decoded from a non-NULL PostgreSQL value in text format.
public protocol PostgresDecodable {
    /// Decodes `text`, whose server type is `type`; returns nil when the type is not one this
    /// Swift type accepts or the text does not parse.
    static func decode(postgresText text: String, type: UInt32) -> Self?
}

extension String: PostgresDecodable {
    /// Every PostgreSQL value has a text form, so any column decodes as a String.
    public static func decode(postgresText text: String, type: UInt32) -> String? { text }
}

extension Int: PostgresDecodable {
    public static func decode(postgresText text: String, type: UInt32) -> Int? {
        switch type {
        case PostgresType.int2, PostgresType.int4, PostgresType.int8, PostgresType.oid: return Int(text)
        case PostgresType.numeric: return Int(text)
        default: return nil
        }
    }
}

extension Double: PostgresDecodable {
    public static func decode(postgresText text: String, type: UInt32) -> Double? {
        switch type {
        case PostgresType.float4, PostgresType.float8, PostgresType.numeric,
             PostgresType.int2, PostgresType.int4, PostgresType.int8:
            switch text {
            case "NaN": return .nan
            case "Infinity": return .infinity
            case "-Infinity": return -.infinity
            default: return Double(text)
            }
        default: return nil
        }
    }
}

extension Decimal: PostgresDecodable {
    public static func decode(postgresText text: String, type: UInt32) -> Decimal? {
        switch type {
        case PostgresType.numeric, PostgresType.int2, PostgresType.int4, PostgresType.int8:
            return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        default: return nil
        }
    }
}

extension Bool: PostgresDecodable {
    public static func decode(postgresText text: String, type: UInt32) -> Bool? {
        guard type == PostgresType.bool else { return nil }
        switch text {
        case "t": return true
        case "f": return false
        default: return nil
        }
    }
}

extension CalendarDate: PostgresDecodable {
    public static func decode(postgresText text: String, type: UInt32) -> CalendarDate? {
        guard type == PostgresType.date else { return nil }
        return CalendarDate(iso: text)
    }
}

extension Date: PostgresDecodable {
    /// `timestamptz` arrives in the session time zone (the client sets UTC); a plain `timestamp`
    /// is read as UTC.
    public static func decode(postgresText text: String, type: UInt32) -> Date? {
        guard type == PostgresType.timestamptz || type == PostgresType.timestamp else { return nil }
        return PostgresTimestamp.parse(text)
    }
}

extension Array: PostgresDecodable where Element == String {
    /// Decodes one-dimensional text-like arrays; NULL elements are not representable and fail.
    public static func decode(postgresText text: String, type: UInt32) -> [String]? {
        guard [PostgresType.textArray, PostgresType.varcharArray, PostgresType.nameArray].contains(type)
        else { return nil }
        guard let elements = PostgresArrayParser.parse(text) else { return nil }
        var result: [String] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            guard let element else { return nil }
            result.append(element)
        }
        return result
    }
}

/// Parses the text form of a one-dimensional array: `{a,"b c","d\"e",NULL}`.
enum PostgresArrayParser {
    static func parse(_ text: String) -> [String?]? {
        var characters = Substring(text)
        guard characters.first == "{", characters.last == "}" else { return nil }
        characters = characters.dropFirst().dropLast()
        if characters.isEmpty { return [] }
        var elements: [String?] = []
        var current = ""
        var quoted = false
        var wasQuoted = false
        var escaped = false
        for character in characters {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
                wasQuoted = true
            } else if character == "," && !quoted {
                elements.append(!wasQuoted && current == "NULL" ? nil : current)
                current = ""
                wasQuoted = false
            } else if character == "{" && !quoted {
                return nil // multi-dimensional arrays are not supported
            } else {
                current.append(character)
            }
        }
        guard !quoted, !escaped else { return nil }
        elements.append(!wasQuoted && current == "NULL" ? nil : current)
        return elements
    }
}
