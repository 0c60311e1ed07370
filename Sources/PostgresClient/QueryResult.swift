import Foundation
/// A column of a query result.
public struct PostgresColumn: Sendable, Hashable {
    public let name: String
    /// The server's type OID (see `PostgresType`).
    public let type: UInt32
}

/// The rows a statement returned, copied out of libpq into Swift values.
public struct QueryResult: Sendable {
    public let columns: [PostgresColumn]
    /// Row values in text format, `nil` for NULL.
    let values: [[String?]]
    /// Rows affected, for INSERT/UPDATE/DELETE/COPY/SELECT (from the command tag).
    public let affectedRows: Int

    init(columns: [PostgresColumn], values: [[String?]], affectedRows: Int) {
        self.columns = columns
        self.values = values
        self.affectedRows = affectedRows
    }

    public var count: Int { values.count }
    public var isEmpty: Bool { values.isEmpty }

    public var rows: [PostgresRow] {
        let index = columnIndex
        return values.map { PostgresRow(columns: columns, values: $0, index: index) }
    }

    /// The first row, if any.
    public var first: PostgresRow? {
        values.first.map { PostgresRow(columns: columns, values: $0, index: columnIndex) }
    }

    private var columnIndex: [String: Int] {
        var index: [String: Int] = [:]
        for (offset, column) in columns.enumerated() where index[column.name] == nil {
            index[column.name] = offset
        }
        return index
    }
}

/// One row of a result.
public struct PostgresRow: Sendable {
    public let columns: [PostgresColumn]
    let values: [String?]
    let index: [String: Int]

    /// Decodes column `name`, which must not be NULL.
    public func decode<T: PostgresDecodable>(_ type: T.Type, _ name: String) throws -> T {
        guard let value = try decode(T?.self, name) else {
            throw PostgresError.client("column \"\(name)\" is NULL, expected \(T.self)")
        }
        return value
    }

    /// Decodes column `name`; NULL becomes nil.
    public func decode<T: PostgresDecodable>(_ type: T?.Type, _ name: String) throws -> T? {
        guard let offset = index[name] else {
            throw PostgresError.client("the result has no column \"\(name)\"")
        }
        return try decode(T?.self, at: offset)
    }

    /// Decodes the column at `offset`, which must not be NULL.
    public func decode<T: PostgresDecodable>(_ type: T.Type, at offset: Int) throws -> T {
        guard let value = try decode(T?.self, at: offset) else {
            throw PostgresError.client("column \(offset + 1) is NULL, expected \(T.self)")
        }
        return value
    }

    /// Decodes the column at `offset`; NULL becomes nil.
    public func decode<T: PostgresDecodable>(_ type: T?.Type, at offset: Int) throws -> T? {
        guard offset >= 0, offset < values.count else {
            throw PostgresError.client("the result has no column \(offset + 1)")
        }
        guard let text = values[offset] else { return nil }
        let column = columns[offset]
        guard let value = T.decode(postgresText: text, type: column.type) else {
            throw PostgresError.client(
                "column \"\(column.name)\" (type oid \(column.type)) cannot be decoded as \(T.self)")
        }
        return value
    }

    /// The raw text of a column, `nil` for NULL.
    public subscript(offset: Int) -> String? { values[offset] }
}
