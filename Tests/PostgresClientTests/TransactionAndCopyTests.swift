import Foundation
import PostgresClient
import Testing
import TestSupport

struct Boom: Error {}

@Suite("Transactions and COPY are all-or-nothing")
struct TransactionAndCopyTests {
    let connection: PostgresConnection

    init() throws {
        connection = try TestDatabase.connect(migrated: false).connection
        try connection.execute("CREATE TABLE roster (id int PRIMARY KEY, name text NOT NULL, age int)")
    }

    func count() throws -> Int {
        try connection.query("SELECT count(*) AS n FROM roster").first!.decode(Int.self, "n")
    }

    @Test func commitWhenTheBodyReturns() throws {
        let value = try connection.transaction {
            try connection.execute("INSERT INTO roster VALUES (1, \("Ann"), 30)")
            return 42
        }
        #expect(value == 42)
        #expect(try count() == 1)
        #expect(!connection.isInTransaction)
    }

    @Test func rollbackWhenTheBodyThrows() throws {
        #expect(throws: Boom.self) {
            try connection.transaction {
                try connection.execute("INSERT INTO roster VALUES (1, \("Ann"), 30)")
                throw Boom()
            }
        }
        #expect(try count() == 0)
        #expect(!connection.isInTransaction)
    }

    @Test("a failed statement whose error the body swallowed still rolls back")
    func swallowedError() throws {
        #expect(throws: PostgresError.self) {
            try connection.transaction {
                try connection.execute("INSERT INTO roster VALUES (1, \("Ann"), 30)")
                _ = try? connection.execute("INSERT INTO roster VALUES (1, \("Dup"), 30)")
            }
        }
        #expect(try count() == 0)
    }

    @Test("a nested transaction is a savepoint: its failure undoes only its own changes")
    func nestedRollsBackToItsSavepoint() throws {
        try connection.transaction {
            try connection.execute("INSERT INTO roster VALUES (1, \("Ann"), 30)")
            #expect(throws: Boom.self) {
                try connection.transaction {
                    try connection.execute("INSERT INTO roster VALUES (2, \("Bo"), 31)")
                    throw Boom()
                }
            }
            #expect(throws: PostgresError.self) {
                try connection.transaction {
                    _ = try? connection.execute("INSERT INTO roster VALUES (1, \("Dup"), 30)")
                }
            }
            try connection.transaction { try connection.execute("INSERT INTO roster VALUES (3, \("Cy"), 32)") }
        }
        #expect(try count() == 2)
        #expect(!connection.isInTransaction)
    }

    @Test("an outer rollback undoes a nested transaction that had succeeded")
    func outerRollbackUndoesNested() throws {
        #expect(throws: Boom.self) {
            try connection.transaction {
                try connection.transaction { try connection.execute("INSERT INTO roster VALUES (1, \("Ann"), 30)") }
                throw Boom()
            }
        }
        #expect(try count() == 0)
    }

    @Test func copyStreamsRows() throws {
        let copied = try connection.copyIn("COPY roster (id, name, age) FROM STDIN") { writer in
            for id in 1...50_000 {
                try writer.writeRow([String(id), "Person \(id)\twith tab\nand newline \\ slash", id % 7 == 0 ? nil : "33"])
            }
        }
        #expect(copied == 50_000)
        #expect(try count() == 50_000)
        let row = try #require(try connection.query("SELECT name, age FROM roster WHERE id = 7").first)
        #expect(try row.decode(String.self, "name") == "Person 7\twith tab\nand newline \\ slash")
        #expect(try row.decode(Int?.self, "age") == nil)
    }

    @Test("a malformed COPY row names its line and leaves the table unchanged")
    func copyMalformedRow() throws {
        try connection.execute("INSERT INTO roster VALUES (0, \("existing"), 1)")
        let error = try #require(throws: PostgresError.self) {
            try connection.copyIn("COPY roster (id, name, age) FROM STDIN") { writer in
                try writer.writeRow(["1", "Ann", "30"])
                try writer.writeRow(["2", "Bob", "notanumber"])
                try writer.writeRow(["3", "Cy", "40"])
            }
        }
        #expect(error.sqlState == .invalidTextRepresentation)
        #expect(error.copyLine == 2)
        #expect(error.context?.contains("column age") == true)
        #expect(try count() == 1)
    }

    @Test("a throw inside the COPY writer aborts it; nothing is half-written")
    func copyAbortedByClient() throws {
        #expect(throws: Boom.self) {
            try connection.copyIn("COPY roster (id, name, age) FROM STDIN") { writer in
                for id in 1...20_000 { try writer.writeRow([String(id), "x", "1"]) }
                throw Boom()
            }
        }
        #expect(try count() == 0)
        // The connection is usable afterwards.
        try connection.copyIn("COPY roster (id, name, age) FROM STDIN") { try $0.writeRow(["1", "y", "2"]) }
        #expect(try count() == 1)
    }

    @Test("COPY inside a transaction is undone by the transaction's rollback")
    func copyInsideTransaction() throws {
        #expect(throws: Boom.self) {
            try connection.transaction {
                try connection.copyIn("COPY roster (id, name, age) FROM STDIN") { try $0.writeRow(["1", "a", "1"]) }
                throw Boom()
            }
        }
        #expect(try count() == 0)
    }

    @Test("a statement that is not COPY FROM STDIN is refused by copyIn")
    func copyWrongStatement() throws {
        #expect(throws: PostgresError.self) {
            try connection.copyIn("SELECT 1") { _ in }
        }
        #expect(try connection.query("SELECT 1 AS one").count == 1)
    }
}

@Suite("Resources are released")
struct ResourceTests {
    /// Resident set size in kilobytes, from /proc.
    static func residentKilobytes() -> Int {
        let text = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let pages = Int(text.split(separator: " ").dropFirst().first ?? "0") ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
    }

    /// Runs in a child process of its own (an exit test): measured in the test process, the
    /// resident size also grew with whatever the tests running in parallel allocated.
    @Test("10,000 queries and 1,000 connection cycles do not grow memory")
    func noLeaks() async throws {
        await #expect(processExitsWith: .success) {
            let conninfo = try TestDatabase.create(migrated: false)
            let connection = try PostgresConnection(conninfo: conninfo)
            func queries(_ n: Int) throws {
                for i in 0..<n {
                    _ = try connection.query("SELECT \(i) AS i, repeat('x', 200) AS padding, ARRAY['a','b'] AS arr")
                }
            }
            func cycles(_ n: Int) throws {
                for _ in 0..<n { _ = try PostgresConnection(conninfo: conninfo) }
            }
            try queries(1_000)
            try cycles(100)
            let before = ResourceTests.residentKilobytes()
            try queries(10_000)
            try cycles(1_000)
            let after = ResourceTests.residentKilobytes()
            // A leak of one PGresult or PGconn per iteration would add tens of megabytes.
            // (Issues recorded in the child are reported by the parent.)
            #expect(after - before < 8_000, "RSS grew from \(before) kB to \(after) kB")
        }
    }
}
