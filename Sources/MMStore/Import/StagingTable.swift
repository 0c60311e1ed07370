import PostgresClient

/// The type of a staging table's column: a closed set, so no type name comes from a file.
public enum StagingType: Sendable {
    case text
    case integer
    case boolean
    case date
    case timestamp
    case textArray

    var sql: SQLQuery {
        switch self {
        case .text: return "text"
        case .integer: return "integer"
        case .boolean: return "boolean"
        case .date: return "date"
        case .timestamp: return "timestamptz"
        case .textArray: return "text[]"
        }
    }
}

/// One column of a staging table.
public struct StagingColumn: Sendable {
    public let name: String
    public let type: StagingType
    /// Rows always have a value (the encoder writes a row only when it has one).
    public let notNull: Bool

    public init(_ name: String, _ type: StagingType, notNull: Bool = false) {
        self.name = name
        self.type = type
        self.notNull = notNull
    }
}

/// A temporary table (`pg_temp.<name>`, dropped at commit) that an import file is copied into
/// before the set-based checks and the merge read it: a `line` column (the file line the row
/// came from, for problem messages) followed by typed columns.
public struct StagingTable {
    let connection: PostgresConnection
    public let name: String
    public let columns: [StagingColumn]

    /// Creates the table inside the caller's transaction.
    public static func create(_ name: String, columns: [StagingColumn], connection: PostgresConnection) throws -> StagingTable {
        var statement: SQLQuery = "CREATE TEMP TABLE \(identifier: name) (line integer NOT NULL"
        for column in columns {
            statement = statement + ", \(identifier: column.name) " + column.type.sql
                + (column.notNull ? " NOT NULL" : "")
        }
        try connection.execute(statement + ") ON COMMIT DROP")
        return StagingTable(connection: connection, name: name, columns: columns)
    }

    /// Streams the rows `body` encodes (the line, then each column in order) into the table;
    /// returns how many were copied.
    public func copy(_ body: (CopyWriter) throws -> Void) throws -> Int {
        try connection.copyIn("COPY pg_temp.\(identifier: name) (\(identifiers: ["line"] + columns.map(\.name))) FROM STDIN",
                              body)
    }
}
