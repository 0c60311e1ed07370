import Foundation
import Logging
import PostgresClient
import Testing
import TestSupport

@Suite("Errors carry SQLSTATE and the server's diagnostics")
struct ErrorTests {
    let connection: PostgresConnection

    init() throws {
        connection = try TestDatabase.connect(migrated: false).connection
    }

    @Test func uniqueViolation() throws {
        try connection.execute("CREATE TABLE people (email text CONSTRAINT people_email_key UNIQUE)")
        try connection.execute("INSERT INTO people VALUES (\("a@example.com"))")
        let error = try #require(throws: PostgresError.self) {
            try connection.execute("INSERT INTO people VALUES (\("a@example.com"))")
        }
        #expect(error.sqlState == .uniqueViolation)
        #expect(error.sqlState?.errorClass == "23")
        #expect(error.constraintName == "people_email_key")
        #expect(error.detail?.contains("(email)=(a@example.com) already exists") == true)
        #expect(error.kind == .server)
        // The connection is still usable after an error outside a transaction.
        #expect(try connection.query("SELECT 1 AS one").first?.decode(Int.self, "one") == 1)
    }

    @Test func syntaxError() throws {
        let error = try #require(throws: PostgresError.self) {
            try connection.execute("SELEC 1")
        }
        #expect(error.sqlState == .syntaxError)
        #expect(error.position == 1)
        #expect(error.message.contains("syntax error"))
    }

    @Test func undefinedTable() throws {
        let error = try #require(throws: PostgresError.self) {
            try connection.execute("SELECT * FROM no_such_table")
        }
        #expect(error.sqlState == .undefinedTable)
    }

    @Test("an unreachable server is a connection error that never shows the password")
    func unreachable() throws {
        let secret = "Sup3r-S3cret-pw"
        let error = try #require(throws: PostgresError.self) {
            _ = try PostgresConnection(conninfo: "postgresql://alice:\(secret)@127.0.0.1:1/db?connect_timeout=2")
        }
        #expect(error.kind == .connection)
        #expect(!error.message.contains(secret))
        #expect(!(error.detail ?? "").contains(secret))
        #expect(!error.debugDescription.contains(secret))
        #expect(error.detail?.contains("user=alice") == true)
    }

    @Test("a malformed connection string is refused without echoing it")
    func malformedConninfo() throws {
        let error = try #require(throws: PostgresError.self) {
            _ = try PostgresConnection(conninfo: "host=x password=hunter2 =broken")
        }
        #expect(error.kind == .connection)
        #expect(!error.debugDescription.contains("hunter2"))
    }

    @Test("notices reach the logger, not standard error")
    func notices() throws {
        let recorder = LogRecorder()
        let logger = Logger(label: "test") { _ in recorder.handler }
        let conninfo = try TestDatabase.create(migrated: false)
        let observed = try PostgresConnection(conninfo: conninfo, logger: logger)
        try observed.execute("DO $$ BEGIN RAISE NOTICE 'hello from the server'; END $$")
        try observed.execute("DO $$ BEGIN RAISE WARNING 'careful'; END $$")
        let messages = recorder.messages
        #expect(messages.contains { $0.level == .notice && $0.message == "hello from the server" })
        #expect(messages.contains { $0.level == .warning && $0.message == "careful" })
    }
}

/// Collects log messages for assertions.
final class LogRecorder: @unchecked Sendable {
    struct Entry { let level: Logger.Level; let message: String }
    private let lock = NSLock()
    private var entries: [Entry] = []

    var messages: [Entry] { lock.withLock { entries } }

    var handler: any LogHandler { Handler(recorder: self) }

    fileprivate func append(_ entry: Entry) { lock.withLock { entries.append(entry) } }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            recorder.append(Entry(level: event.level, message: "\(event.message)"))
        }
    }
}
