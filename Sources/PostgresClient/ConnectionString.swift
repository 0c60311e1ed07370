import CLibPQ
import Foundation

/// A parsed libpq connection string (a `postgresql://` URI or `key=value` conninfo).
///
/// Used to show users where mmadmin connects without ever showing the password.
public struct ConnectionString: Sendable, Equatable {
    /// The options that were set explicitly, in libpq's keyword order.
    public let options: [(key: String, value: String)]

    public static func == (lhs: ConnectionString, rhs: ConnectionString) -> Bool {
        lhs.options.elementsEqual(rhs.options) { $0.key == $1.key && $0.value == $1.value }
    }

    /// Parses `text` with libpq's own parser; throws without echoing the text, which may hold a password.
    public init(_ text: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(text, &errorMessage) else {
            if let errorMessage { PQfreemem(errorMessage) }
            throw PostgresError(
                kind: .connection,
                message: "the connection string is malformed",
                hint: "use a postgresql:// URI or key=value pairs, as libpq documents")
        }
        defer { PQconninfoFree(parsed) }
        var options: [(key: String, value: String)] = []
        var cursor = parsed
        while let keyword = cursor.pointee.keyword {
            if let value = cursor.pointee.val {
                options.append((String(cString: keyword), String(cString: value)))
            }
            cursor += 1
        }
        self.options = options
    }

    /// The value of `key`, if set.
    public subscript(key: String) -> String? {
        options.first { $0.key == key }?.value
    }

    /// The connection string in `key=value` form with `key` set to `value` (added or replaced).
    public func replacing(_ key: String, with value: String) -> String {
        var replaced = options.filter { $0.key != key }
        replaced.append((key, value))
        return replaced.map { "\($0.key)=\(Self.quote($0.value))" }.joined(separator: " ")
    }

    /// The connection string in `key=value` form with the password left out.
    public var redacted: String {
        options.filter { $0.key != "password" }
            .map { "\($0.key)=\(Self.quote($0.value))" }
            .joined(separator: " ")
    }

    /// Quotes a conninfo value when it contains spaces, quotes or backslashes.
    public static func quote(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0 == " " || $0 == "'" || $0 == "\\" }
        guard needsQuotes else { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "'", with: "\\'")
        return "'\(escaped)'"
    }
}
