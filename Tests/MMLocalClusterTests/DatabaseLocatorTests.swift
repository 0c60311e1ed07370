import Foundation
import MMDomain
import MMLocalCluster
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
        // The command line shows this as exit 69 with "mmadmin local start" (CommandLineTests).
        #expect(error.category == .unavailable)
        #expect(error.remedy == .startLocalClusterOrConfigureDatabase)
    }
}
