import Foundation

/// An error from the PostgreSQL client: a failed connection, an error reported by the server,
/// or a misuse detected on the client side (such as decoding a column as the wrong type).
///
/// `description` is deliberately short and never contains row data or connection secrets; the
/// server's detail, hint and context are available as properties and in `debugDescription`.
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Where the error arose.
    public enum Kind: Sendable, Equatable {
        /// The server could not be reached or refused the connection.
        case connection
        /// The server rejected a statement; `sqlState` says why.
        case server
        /// The connection broke while a statement was running.
        case connectionLost
        /// The client detected a problem (a type mismatch, an unexpected result shape).
        case client
    }

    public var kind: Kind
    /// The primary, human-readable message.
    public var message: String
    public var sqlState: SQLState?
    public var severity: String?
    public var detail: String?
    public var hint: String?
    /// Where in the server the error happened, e.g. `COPY staging, line 3, column age: "x"`.
    public var context: String?
    public var schemaName: String?
    public var tableName: String?
    public var columnName: String?
    public var constraintName: String?
    /// One-based character position in the statement, for syntax errors.
    public var position: Int?

    public init(
        kind: Kind, message: String, sqlState: SQLState? = nil, severity: String? = nil,
        detail: String? = nil, hint: String? = nil, context: String? = nil,
        schemaName: String? = nil, tableName: String? = nil, columnName: String? = nil,
        constraintName: String? = nil, position: Int? = nil
    ) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.severity = severity
        self.detail = detail
        self.hint = hint
        self.context = context
        self.schemaName = schemaName
        self.tableName = tableName
        self.columnName = columnName
        self.constraintName = constraintName
        self.position = position
    }

    static func client(_ message: String) -> PostgresError {
        PostgresError(kind: .client, message: message)
    }

    /// The COPY input line the server complained about, parsed from `context`
    /// (`COPY name, line N, column c: ...`). Line numbers count every line sent, header included.
    public var copyLine: Int? {
        guard let context, let range = context.range(of: ", line ") else { return nil }
        let digits = context[range.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }

    public var description: String {
        if let sqlState { return "\(message) (SQLSTATE \(sqlState))" }
        return message
    }

    public var debugDescription: String {
        var parts = [description]
        if let detail { parts.append("DETAIL: \(detail)") }
        if let hint { parts.append("HINT: \(hint)") }
        if let context { parts.append("CONTEXT: \(context)") }
        if let constraintName { parts.append("CONSTRAINT: \(constraintName)") }
        return parts.joined(separator: "\n")
    }
}
