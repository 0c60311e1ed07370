import MMCalendar
import Foundation
@testable import PostgresClient
import Testing

@Suite("Value formats without a server")
struct ValueFormatTests {
    @Test func calendarDates() {
        #expect(CalendarDate(year: 2026, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2024, month: 2, day: 29) != nil)
        #expect(CalendarDate(iso: "2026-13-01") == nil)
        #expect(CalendarDate(iso: "2026-1-01") == nil)
        #expect(CalendarDate(iso: "2026-11-26")?.description == "2026-11-26")
        let epoch = CalendarDate(year: 1970, month: 1, day: 1)!
        #expect(epoch.daysSinceEpoch == 0)
        #expect(CalendarDate(year: 2000, month: 3, day: 1)!.daysSinceEpoch == 11_017)
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CalendarDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(epoch.adding(days: -1) == CalendarDate(year: 1969, month: 12, day: 31))
    }

    @Test func isoDatesFromBytes() {
        func parse(_ text: String) -> CalendarDate? {
            Array(text.utf8).withUnsafeBufferPointer { CalendarDate(isoUTF8: $0) }
        }
        #expect(parse("2024-02-29") == CalendarDate(year: 2024, month: 2, day: 29))
        for bad in ["2026-02-29", "2026-11-2", "2026/11/26", "2026-1a-01", "+026-11-26", "2026-11-266", ""] {
            #expect(parse(bad) == nil, "\(bad)")
        }
    }

    @Test("COPY text encoding: escapes, NULLs, numbers and dates")
    func copyTextEncoding() {
        var rows = CopyTextEncoder(capacity: 0)
        rows.append("tab\there")
        rows.append(nil as String?)
        rows.append("back\\slash\r\n")
        rows.append(0)
        rows.append(-42)
        rows.append(Int.max)
        rows.endRow()
        rows.append(CalendarDate(year: 987, month: 3, day: 4))
        rows.append(nil as CalendarDate?)
        rows.append("Zoë")
        rows.endRow()
        #expect(String(decoding: rows.bytes, as: UTF8.self)
                == "tab\\there\t\\N\tback\\\\slash\\r\\n\t0\t-42\t9223372036854775807\n0987-03-04\t\\N\tZoë\n")
        #expect(!rows.isFull)
    }

    @Test func timestampParsing() {
        #expect(PostgresTimestamp.parse("2026-11-03 14:00:00+00")?.timeIntervalSince1970 == 1_793_714_400)
        #expect(PostgresTimestamp.parse("2026-11-03T14:00:00Z")?.timeIntervalSince1970 == 1_793_714_400)
        #expect(PostgresTimestamp.parse("2026-11-03T19:30:00+05:30")?.timeIntervalSince1970 == 1_793_714_400)
        #expect(PostgresTimestamp.parse("2026-11-03 09:00:00-05")?.timeIntervalSince1970 == 1_793_714_400)
        #expect(PostgresTimestamp.parse("2026-11-03 14:00:00.25+00")?.timeIntervalSince1970 == 1_793_714_400.25)
        #expect(PostgresTimestamp.parse("2026-11-03") == nil)
        #expect(PostgresTimestamp.parse("2026-11-03 25:00:00") == nil)
        #expect(PostgresTimestamp.parse("2026-11-03 14:00:00 junk") == nil)
        let date = Date(timeIntervalSince1970: -86_400.5)
        #expect(PostgresTimestamp.format(date) == "1969-12-30T23:59:59.500000Z")
        #expect(PostgresTimestamp.parse(PostgresTimestamp.format(date)) == date)
    }

    @Test func arrayLiterals() {
        #expect(["a", "b c", "q\"uote", "back\\slash"].postgresText == #"{"a","b c","q\"uote","back\\slash"}"#)
        #expect(PostgresArrayParser.parse(#"{a,"b c",NULL,"NULL",""}"#)! == ["a", "b c", nil, "NULL", ""])
        #expect(PostgresArrayParser.parse("{{1,2},{3,4}}") == nil)
        #expect(PostgresArrayParser.parse("not an array") == nil)
    }

    @Test func queryDescriptionHidesValues() {
        let secret = "top-secret-value"
        let query: SQLQuery = "SELECT * FROM t WHERE a = \(secret) AND b = \(3)"
        #expect(query.description == "SELECT * FROM t WHERE a = $1 AND b = $2")
    }

    @Test func connectionStrings() throws {
        let parsed = try ConnectionString("postgresql://alice:pw@db.example:6543/hr?sslmode=require")
        #expect(parsed["user"] == "alice")
        #expect(parsed["port"] == "6543")
        #expect(!parsed.redacted.contains("pw"))
        #expect(parsed.redacted.contains("host=db.example"))
        let replaced = try ConnectionString(parsed.replacing("dbname", with: "other db"))
        #expect(replaced["dbname"] == "other db")
        #expect(replaced["password"] == "pw")
        #expect(ConnectionString.quote("it's") == #"'it\'s'"#)
    }
}
