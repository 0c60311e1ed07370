import Foundation
/// A SQL statement whose interpolated values become `$n` parameters, never spliced text.
///
/// ```swift
/// let query: SQLQuery = "SELECT * FROM \(identifier: table) WHERE employee_id = \(id)"
/// ```
/// `\(value)` binds a parameter, `\(identifier:)` splices an escaped identifier, and
/// `\(fragment:)` embeds another `SQLQuery` (its parameters renumbered).
public struct SQLQuery: ExpressibleByStringInterpolation, Sendable, CustomStringConvertible {
    enum Fragment: Sendable {
        case sql(String)
        case parameter(String?)
        case identifier(String)
    }

    var fragments: [Fragment]

    public init(stringLiteral value: String) {
        fragments = [.sql(value)]
    }

    public init(stringInterpolation: StringInterpolation) {
        fragments = stringInterpolation.fragments
    }

    /// Appends another query, as `\(fragment:)` would.
    public static func + (lhs: SQLQuery, rhs: SQLQuery) -> SQLQuery {
        var combined = lhs
        combined.fragments += rhs.fragments
        return combined
    }

    /// The statement with placeholders, for logs: parameter values are never shown.
    public var description: String {
        var counter = 0
        return fragments.map { fragment in
            switch fragment {
            case .sql(let text): return text
            case .parameter:
                counter += 1
                return "$\(counter)"
            case .identifier(let name): return "\"\(name.replacingOccurrences(of: "\"", with: "\"\""))\""
            }
        }.joined()
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var fragments: [Fragment] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            fragments.reserveCapacity(interpolationCount * 2 + 1)
        }

        public mutating func appendLiteral(_ literal: String) {
            if !literal.isEmpty { fragments.append(.sql(literal)) }
        }

        /// Binds `value` as a parameter; nil binds SQL NULL.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            fragments.append(.parameter(value?.postgresText))
        }

        /// Splices `name` as a quoted, escaped identifier.
        public mutating func appendInterpolation(identifier name: String) {
            fragments.append(.identifier(name))
        }

        /// Splices a comma-separated list of escaped identifiers (column lists).
        public mutating func appendInterpolation(identifiers names: [String]) {
            for (index, name) in names.enumerated() {
                if index > 0 { fragments.append(.sql(", ")) }
                fragments.append(.identifier(name))
            }
        }

        /// Embeds another query, keeping its parameters bound.
        public mutating func appendInterpolation(fragment: SQLQuery) {
            fragments += fragment.fragments
        }
    }
}
