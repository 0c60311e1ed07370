import PostgresClient
import Testing
import TestSupport

@Suite("Session settings every connection gets")
struct SessionSettingsTests {
    func setting(_ name: String, _ connection: PostgresConnection) throws -> String {
        try #require(try connection.query("SELECT current_setting(\(name)) AS value").first).decode(String.self, "value")
    }

    @Test("sessions are named for pg_stat_activity, unless the connection string names them")
    func applicationName() throws {
        let conninfo = try TestDatabase.create(migrated: false)
        #expect(try setting("application_name", PostgresConnection(conninfo: conninfo)) == "mmadmin")
        #expect(try setting("application_name", PostgresConnection(conninfo: conninfo, applicationName: "mmadmin import sessions"))
                == "mmadmin import sessions")
        #expect(try setting("application_name", PostgresConnection(conninfo: conninfo + " application_name=analyst")) == "analyst")
    }

    @Test("the server checks for a vanished client every two seconds, and dates and times decode alike")
    func deadClientCheck() throws {
        let connection = try PostgresConnection(conninfo: try TestDatabase.create(migrated: false))
        #expect(try setting("client_connection_check_interval", connection) == "2s")
        #expect(try setting("TimeZone", connection) == "UTC")
    }
}
