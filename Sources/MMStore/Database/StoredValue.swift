import Foundation
import MMCalendar
import PostgresClient

/// One value of a row whose columns are known only at run time (a metric relation chosen by
/// name), typed by its PostgreSQL column type so numbers stay numbers in every output.
public enum StoredValue: Sendable, Equatable {
    case null
    case boolean(Bool)
    case integer(Int)
    case number(Double)
    case text(String)
    case date(CalendarDate)
    case timestamp(Date)

    /// Decodes the column at `offset` by its type; types without a case of their own are text.
    static func decode(_ row: PostgresRow, at offset: Int) throws -> StoredValue {
        guard row[offset] != nil else { return .null }
        switch row.columns[offset].type {
        case PostgresType.bool: return .boolean(try row.decode(Bool.self, at: offset))
        case PostgresType.int2, PostgresType.int4, PostgresType.int8: return .integer(try row.decode(Int.self, at: offset))
        case PostgresType.float4, PostgresType.float8, PostgresType.numeric: return .number(try row.decode(Double.self, at: offset))
        case PostgresType.date: return .date(try row.decode(CalendarDate.self, at: offset))
        case PostgresType.timestamp, PostgresType.timestamptz: return .timestamp(try row.decode(Date.self, at: offset))
        default: return .text(try row.decode(String.self, at: offset))
        }
    }
}

/// Rows of a relation chosen at run time, with their column names.
public struct StoredRows: Sendable, Equatable {
    public let columns: [String]
    public let rows: [[StoredValue]]

    init(_ result: QueryResult) throws {
        columns = result.columns.map(\.name)
        rows = try result.rows.map { row in try (0..<row.columns.count).map { try StoredValue.decode(row, at: $0) } }
    }
}
