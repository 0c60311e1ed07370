import Foundation
import MMCalendar
import Testing
@testable import MMAdminCLI

@Suite("List output")
struct TableTests {
    let table = Table(columns: ["id", "name"], rows: [["1", "Ann"], ["22", .null], ["3", "=SUM(A1)"], ["4", "-5"]])

    @Test func aligned() {
        #expect(table.aligned() == """
            id  name
            --  --------
            1   Ann
            22  
            3   =SUM(A1)
            4   -5
            """)
    }

    @Test("CSV quotes what needs quoting and defuses spreadsheet formulas")
    func csv() {
        let tricky = Table(columns: ["v"], rows: [["a,b"], ["say \"hi\""], ["=1+1"], ["@cmd"], ["-3.5"], ["-x"]])
        #expect(tricky.csv() == "v\r\n\"a,b\"\r\n\"say \"\"hi\"\"\"\r\n'=1+1\r\n'@cmd\r\n-3.5\r\n'-x\r\n")
        // "\r\n" is one Swift Character: a value holding it is quoted all the same, and one
        // starting with it is defused.
        let breaks = Table(columns: ["v"], rows: [["Di\r\nBcc: x"], ["\r\n=1"]])
        #expect(breaks.csv() == "v\r\n\"Di\r\nBcc: x\"\r\n\"'\r\n=1\"\r\n")
    }

    @Test func json() throws {
        let decoded = try JSONSerialization.jsonObject(with: Data(table.json().utf8)) as? [[String: Any]]
        #expect(decoded?.count == 4)
        #expect(decoded?[1]["name"] is NSNull)
        #expect(decoded?[0]["name"] as? String == "Ann")
    }

    @Test("JSON keeps numbers and booleans typed; text output reads them plainly")
    func typedCells() throws {
        let typed = Table(columns: ["n", "share", "score", "ok", "day"],
                          rows: [[.integer(3), .number(0.25), .fixed(6, decimals: 2), .boolean(true), .date(CalendarDate(iso: "2026-10-01")!)]])
        let decoded = try #require((try JSONSerialization.jsonObject(with: Data(typed.json().utf8)) as? [[String: Any]])?.first)
        #expect(decoded["n"] as? Int == 3)
        #expect(decoded["share"] as? Double == 0.25)
        #expect(decoded["score"] as? Double == 6)
        #expect(decoded["ok"] as? Bool == true)
        #expect(decoded["day"] as? String == "2026-10-01")
        #expect(typed.csv() == "n,share,score,ok,day\r\n3,0.25,6.00,yes,2026-10-01\r\n")
    }
}
