import MMCalendar
import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite("Values round-trip through PostgreSQL")
struct TypeRoundTripTests {
    let connection: PostgresConnection

    init() throws {
        connection = try TestDatabase.connect(migrated: false).connection
    }

    @Test("text: non-ASCII, empty string, quotes and NULL", arguments: [
        "Zoë Ñúñez 山田 🚀", "", "O'Brien \"quoted\"", "tab\tnew\nline\\slash", "'; DROP TABLE x; --",
    ])
    func text(value: String) throws {
        let row = try #require(try connection.query("SELECT \(value)::text AS v, \(String?.none)::text AS n").first)
        #expect(try row.decode(String.self, "v") == value)
        #expect(try row.decode(String?.self, "n") == nil)
    }

    @Test func integers() throws {
        let row = try #require(try connection.query("""
            SELECT \(Int(Int32.max))::int4 AS i4, \(Int.min)::int8 AS i8, \(-7)::int2 AS i2, \(Int?.none)::int AS n
            """).first)
        #expect(try row.decode(Int.self, "i4") == Int(Int32.max))
        #expect(try row.decode(Int.self, "i8") == Int.min)
        #expect(try row.decode(Int.self, "i2") == -7)
        #expect(try row.decode(Int?.self, "n") == nil)
    }

    @Test func booleans() throws {
        let row = try #require(try connection.query("SELECT \(true)::bool AS t, \(false)::bool AS f, NULL::bool AS n").first)
        #expect(try row.decode(Bool.self, "t") == true)
        #expect(try row.decode(Bool.self, "f") == false)
        #expect(try row.decode(Bool?.self, "n") == nil)
    }

    @Test func numericAndDouble() throws {
        let row = try #require(try connection.query("""
            SELECT 12345.678::numeric(10,3) AS num, \(0.1)::float8 AS f8, 'NaN'::float8 AS nan,
                   2::numeric / 3 AS third, NULL::numeric AS n
            """).first)
        #expect(try row.decode(Double.self, "num") == 12345.678)
        #expect(try row.decode(Decimal.self, "num") == Decimal(string: "12345.678"))
        #expect(try row.decode(Double.self, "f8") == 0.1)
        #expect(try row.decode(Double.self, "nan").isNaN)
        #expect(abs(try row.decode(Double.self, "third") - 2.0 / 3.0) < 1e-12)
        #expect(try row.decode(Double?.self, "n") == nil)
    }

    @Test func dates() throws {
        let leapDay = try #require(CalendarDate(year: 2024, month: 2, day: 29))
        let row = try #require(try connection.query("""
            SELECT \(leapDay)::date AS d, '0001-01-01'::date AS early, NULL::date AS n,
                   \(leapDay)::date + 1 AS next
            """).first)
        #expect(try row.decode(CalendarDate.self, "d") == leapDay)
        #expect(try row.decode(CalendarDate.self, "early") == CalendarDate(year: 1, month: 1, day: 1))
        #expect(try row.decode(CalendarDate.self, "next") == CalendarDate(year: 2024, month: 3, day: 1))
        #expect(try row.decode(CalendarDate?.self, "n") == nil)
    }

    @Test func timestamps() throws {
        let instant = Date(timeIntervalSince1970: 1_793_714_400.123456) // 2026-11-03T14:00:00.123456Z
        let row = try #require(try connection.query("""
            SELECT \(instant)::timestamptz AS ts,
                   '2026-11-03 16:00:00+02'::timestamptz AS offset_ts,
                   extract(epoch FROM \(instant)::timestamptz)::float8 AS epoch,
                   NULL::timestamptz AS n
            """).first)
        let decoded = try row.decode(Date.self, "ts")
        #expect(abs(decoded.timeIntervalSince1970 - instant.timeIntervalSince1970) < 0.000_001)
        #expect(try row.decode(Date.self, "offset_ts") == Date(timeIntervalSince1970: 1_793_714_400))
        #expect(abs(try row.decode(Double.self, "epoch") - 1_793_714_400.123456) < 0.000_001)
        #expect(try row.decode(Date?.self, "n") == nil)
    }

    @Test func textArrays() throws {
        let values = ["negotiation", "", "with,comma", "with \"quote\"", "back\\slash", "{brace}", "NULL", "Ünïcode"]
        let row = try #require(try connection.query("""
            SELECT \(values)::text[] AS a, '{}'::text[] AS empty, cardinality(\(values)::text[]) AS n,
                   NULL::text[] AS missing
            """).first)
        #expect(try row.decode([String].self, "a") == values)
        #expect(try row.decode([String].self, "empty") == [])
        #expect(try row.decode(Int.self, "n") == values.count)
        #expect(try row.decode([String]?.self, "missing") == nil)
    }

    @Test("decoding a column as the wrong type is an error, not a guess")
    func wrongType() throws {
        let row = try #require(try connection.query("SELECT 'abc'::text AS t, 1 AS i, NULL::int AS n").first)
        #expect(throws: PostgresError.self) { try row.decode(Int.self, "t") }
        #expect(throws: PostgresError.self) { try row.decode(Bool.self, "i") }
        #expect(throws: PostgresError.self) { try row.decode(Int.self, "n") }
        #expect(throws: PostgresError.self) { try row.decode(Int.self, "missing_column") }
    }

    @Test("identifiers are escaped, never spliced")
    func identifiers() throws {
        let table = "odd \"table\" name"
        try connection.execute("CREATE TABLE \(identifier: table) (value text)")
        try connection.execute("INSERT INTO \(identifier: table) VALUES (\("x"))")
        let count = try connection.query("SELECT count(*) AS n FROM \(identifier: table)").first?.decode(Int.self, "n")
        #expect(count == 1)
    }

    @Test("affected row counts come from the command tag")
    func affectedRows() throws {
        try connection.execute("CREATE TABLE t (id int)")
        let inserted = try connection.execute("INSERT INTO t SELECT generate_series(1, 7)")
        #expect(inserted.affectedRows == 7)
        let deleted = try connection.execute("DELETE FROM t WHERE id > \(5)")
        #expect(deleted.affectedRows == 2)
    }
}
