import Foundation
import MMCore
import Testing

@Suite("Where mmadmin connects")
struct DatabaseLocatorTests {
    let emptyDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("loc-\(UUID().uuidString)").path

    @Test func explicitURLWins() throws {
        let locator = DatabaseLocator(explicitURL: "host=a", environment: ["DATABASE_URL": "host=b", "PGHOST": "c"],
                                      workingDirectory: emptyDirectory)
        #expect(try locator.conninfo() == "host=a")
    }

    @Test func databaseURLBeforePGVariables() throws {
        let locator = DatabaseLocator(environment: ["DATABASE_URL": "host=b", "PGHOST": "c"], workingDirectory: emptyDirectory)
        #expect(try locator.conninfo() == "host=b")
    }

    @Test("PG* variables hand over to libpq's own defaults")
    func pgVariables() throws {
        let locator = DatabaseLocator(environment: ["PGDATABASE": "hr"], workingDirectory: emptyDirectory)
        #expect(try locator.conninfo() == "")
    }

    @Test("with nothing configured and no local cluster, the error says what to run")
    func nothingConfigured() throws {
        let locator = DatabaseLocator(environment: [:], workingDirectory: emptyDirectory)
        let error = try #require(throws: MMError.self) { try locator.conninfo() }
        #expect(error.exitCode == 69)
        #expect(error.details.contains { $0.contains("mmadmin local start") })
    }
}

@Suite("List output")
struct TableTests {
    let table = Table(columns: ["id", "name"], rows: [["1", "Ann"], ["22", nil], ["3", "=SUM(A1)"], ["4", "-5"]])

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
    }

    @Test func json() throws {
        let decoded = try JSONSerialization.jsonObject(with: Data(table.json().utf8)) as? [[String: Any]]
        #expect(decoded?.count == 4)
        #expect(decoded?[1]["name"] is NSNull)
        #expect(decoded?[0]["name"] as? String == "Ann")
    }
}
