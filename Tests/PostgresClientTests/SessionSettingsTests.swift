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

    @Test("DBAs see mmadmin in pg_stat_activity: the fallback name applies when the URL sets none or an empty one")
    func seenByOtherSessions() throws {
        let conninfo = try TestDatabase.create(migrated: false)
        let observer = try PostgresConnection(conninfo: conninfo + " application_name=observer")
        func seen(_ connection: PostgresConnection) throws -> String {
            let pid = try #require(try connection.query("SELECT pg_backend_pid() AS pid").first).decode(Int.self, "pid")
            return try #require(try observer.query("SELECT application_name FROM pg_stat_activity WHERE pid = \(pid)").first)
                .decode(String.self, "application_name")
        }
        #expect(try seen(PostgresConnection(conninfo: conninfo)) == "mmadmin")
        #expect(try seen(PostgresConnection(conninfo: conninfo, applicationName: "")) == "mmadmin")
        #expect(try seen(PostgresConnection(conninfo: conninfo + " application_name=''", applicationName: "mmadmin report monthly"))
                == "mmadmin report monthly")
        #expect(try seen(PostgresConnection(conninfo: conninfo + " fallback_application_name=other")) == "mmadmin")
        #expect(try seen(observer) == "observer")
    }

    @Test("the server checks for a vanished client every two seconds, and dates and times decode alike")
    func deadClientCheck() throws {
        let connection = try PostgresConnection(conninfo: try TestDatabase.create(migrated: false))
        #expect(try setting("client_connection_check_interval", connection) == "2s")
        #expect(try setting("TimeZone", connection) == "UTC")
    }
}
