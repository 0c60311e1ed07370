import CLibPQ
import Foundation
import Logging

/// One connection to PostgreSQL over libpq. Synchronous and not thread-safe: use it from one
/// task at a time. The underlying `PGconn` is finished exactly once, when the connection is
/// released.
public final class PostgresConnection {
    let handle: OpaquePointer
    private let noticeSink: Unmanaged<NoticeSink>
    public let logger: Logger
    /// How many savepoints `transaction` has open inside the current transaction.
    private var savepointDepth = 0

    /// Connects using `conninfo` (a `postgresql://` URI or `key=value` pairs; empty means libpq's
    /// defaults and `PG*` environment variables). The session uses UTC and ISO dates, so values
    /// decode the same whatever the server's defaults. `applicationName` is libpq's
    /// `fallback_application_name` on every connection: it names the session in
    /// `pg_stat_activity` (so DBAs see mmadmin) unless the connection string or `PGAPPNAME`
    /// names it already; an empty one means "mmadmin".
    public init(conninfo: String, applicationName: String = "mmadmin",
                logger: Logger = Logger(label: "mmadmin.postgres")) throws {
        // Parse first so a malformed string is reported without echoing it.
        let parsed = try ConnectionString(conninfo)
        // `dbname` with expand_dbname = 1 takes a whole connection string, as PQconnectdb does;
        // the keywords after it override what the string says, so the string cannot drop the fallback.
        let fallback = applicationName.isEmpty ? "mmadmin" : applicationName
        var keywords = ["dbname", "fallback_application_name"], values = [conninfo, fallback]
        // libpq sends an explicitly empty application_name as it is, which leaves the session
        // nameless; such a string names nothing, so the fallback applies.
        if parsed["application_name"]?.isEmpty == true {
            keywords.append("application_name")
            values.append(fallback)
        }
        let connected = withCStrings(keywords) { keywordPointers in
            withCStrings(values) { valuePointers in PQconnectdbParams(keywordPointers, valuePointers, 1) }
        }
        guard let handle = connected else {
            throw PostgresError(kind: .connection, message: "libpq could not allocate a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let raw = Self.trimmed(PQerrorMessage(handle))
            PQfinish(handle)
            throw PostgresError(
                kind: .connection,
                message: Self.redact(raw, password: parsed["password"]),
                detail: "connection: \(parsed.redacted)")
        }
        self.handle = handle
        self.logger = logger
        let sink = Unmanaged.passRetained(NoticeSink(logger: logger))
        self.noticeSink = sink
        PQsetNoticeReceiver(handle, { context, result in
            guard let context, let result else { return }
            let sink = Unmanaged<NoticeSink>.fromOpaque(context).takeUnretainedValue()
            sink.receive(result)
        }, sink.toOpaque())
        PQsetClientEncoding(handle, "UTF8")
        do {
            try executeScript("SET DateStyle TO 'ISO, YMD'; SET TimeZone TO 'UTC'; SET IntervalStyle TO 'postgres'")
            // A client killed mid-statement leaves the server working for it (and holding its
            // locks) until the statement ends; with a check interval the server notices the
            // closed socket within seconds and rolls back (PostgreSQL 14 and later).
            if PQserverVersion(handle) >= 140_000 {
                try executeScript("SET client_connection_check_interval TO '2s'")
            }
        } catch {
            PQfinish(handle)
            sink.release()
            throw error
        }
    }

    deinit {
        PQfinish(handle)
        noticeSink.release()
    }

    /// The server's version as an integer, e.g. 150018.
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// The database user this session runs as.
    public var user: String { PQuser(handle).map { String(cString: $0) } ?? "" }

    /// Whether a transaction is open (idle in transaction, or failed in one).
    public var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    // MARK: - Statements

    /// Runs one statement with its parameters bound and returns its rows.
    @discardableResult
    public func query(_ query: SQLQuery) throws -> QueryResult {
        let (text, parameters) = try render(query)
        let started = DispatchTime.now()
        let result = withParameterPointers(parameters) { values in
            PQexecParams(handle, text, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        defer {
            let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e6
            logger.debug("query", metadata: ["ms": "\(Int(milliseconds))", "sql": "\(text.prefix(120))"])
        }
        return try consume(result)
    }

    /// Runs one statement (alias of `query` for statements whose rows are not needed).
    @discardableResult
    public func execute(_ statement: SQLQuery) throws -> QueryResult {
        try query(statement)
    }

    /// Runs a script of several statements with no parameters (migration files). Use only for
    /// trusted, static SQL.
    public func executeScript(_ script: String) throws {
        logger.trace("script", metadata: ["bytes": "\(script.utf8.count)"])
        let result = PQexec(handle, script)
        _ = try consume(result)
    }

    /// Runs `body` inside a transaction: committed when it returns, rolled back when it throws.
    /// Inside another transaction it runs in a savepoint instead, so a service that needs
    /// all-or-nothing (an import) can be part of a caller's larger unit of work: its failure
    /// undoes only its own changes, and the caller decides about the rest.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        guard PQtransactionStatus(handle) == PQTRANS_IDLE else { return try savepoint(body) }
        try executeScript("BEGIN")
        let value: T
        do {
            value = try body()
        } catch {
            rollbackQuietly()
            throw error
        }
        if PQtransactionStatus(handle) == PQTRANS_INERROR {
            rollbackQuietly()
            throw PostgresError.client("a statement failed inside the transaction; it was rolled back")
        }
        try executeScript("COMMIT")
        return value
    }

    private func savepoint<T>(_ body: () throws -> T) throws -> T {
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "mmadmin_savepoint_\(savepointDepth)"
        try executeScript("SAVEPOINT \(name)")
        let value: T
        do {
            value = try body()
        } catch {
            PQclear(PQexec(handle, "ROLLBACK TO SAVEPOINT \(name)"))
            throw error
        }
        if PQtransactionStatus(handle) == PQTRANS_INERROR {
            PQclear(PQexec(handle, "ROLLBACK TO SAVEPOINT \(name)"))
            throw PostgresError.client("a statement failed inside the savepoint; it was rolled back")
        }
        try executeScript("RELEASE SAVEPOINT \(name)")
        return value
    }

    private func rollbackQuietly() {
        if PQtransactionStatus(handle) != PQTRANS_IDLE {
            PQclear(PQexec(handle, "ROLLBACK"))
        }
    }

    /// Quotes `name` as an SQL identifier using libpq's escaping.
    public func escapeIdentifier(_ name: String) throws -> String {
        let utf8 = Array(name.utf8)
        guard let escaped = PQescapeIdentifier(handle, name, utf8.count) else {
            throw PostgresError.client("cannot escape identifier: \(Self.trimmed(PQerrorMessage(handle)))")
        }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    // MARK: - COPY

    /// Streams rows into `COPY … FROM STDIN` (text format). `statement` must be a COPY FROM STDIN
    /// command without parameters (identifiers may be interpolated). If `body` throws, the COPY is
    /// aborted from the client side and nothing it wrote is kept; the error is rethrown.
    /// Returns the number of rows the server copied.
    @discardableResult
    public func copyIn(_ statement: SQLQuery, _ body: (CopyWriter) throws -> Void) throws -> Int {
        let (text, parameters) = try render(statement)
        guard parameters.isEmpty else {
            throw PostgresError.client("COPY does not take parameters")
        }
        let startTime = DispatchTime.now()
        defer {
            let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - startTime.uptimeNanoseconds) / 1e6
            logger.debug("copy", metadata: ["ms": "\(Int(milliseconds))", "sql": "\(text.prefix(120))"])
        }
        guard let started = PQexec(handle, text) else { throw lastError(kind: .connectionLost) }
        let startStatus = PQresultStatus(started)
        if startStatus != PGRES_COPY_IN {
            _ = try consume(started)
            throw PostgresError.client("the statement did not start a COPY FROM STDIN")
        }
        PQclear(started)
        let writer = CopyWriter(connection: self)
        do {
            try body(writer)
            try writer.flush()
        } catch {
            writer.invalidate()
            _ = PQputCopyEnd(handle, "COPY aborted by the client: \(error)")
            drainResults()
            throw error
        }
        writer.invalidate()
        guard PQputCopyEnd(handle, nil) == 1 else { throw lastError(kind: .connectionLost) }
        var copied = 0
        var firstError: (any Error)?
        while let result = PQgetResult(handle) {
            do {
                let outcome = try consume(result)
                copied = outcome.affectedRows
            } catch {
                if firstError == nil { firstError = error }
            }
        }
        if let firstError { throw firstError }
        return copied
    }

    func putCopyData(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        let status = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
            PQputCopyData(handle, $0, Int32(bytes.count))
        }
        guard status == 1 else { throw lastError(kind: .connectionLost) }
    }

    private func drainResults() {
        while let result = PQgetResult(handle) { PQclear(result) }
    }

    // MARK: - Results and errors

    /// Copies a result into Swift values and clears it, or throws the error it carries.
    private func consume(_ result: OpaquePointer?) throws -> QueryResult {
        guard let result else { throw lastError(kind: .connectionLost) }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY, PGRES_COPY_IN:
            return QueryResult(columns: [], values: [], affectedRows: Self.affectedRows(result))
        case PGRES_TUPLES_OK:
            return Self.copyRows(result)
        default:
            throw Self.error(from: result, connection: handle)
        }
    }

    private static func affectedRows(_ result: OpaquePointer) -> Int {
        guard let tuples = PQcmdTuples(result) else { return 0 }
        return Int(String(cString: tuples)) ?? 0
    }

    private static func copyRows(_ result: OpaquePointer) -> QueryResult {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        var columns: [PostgresColumn] = []
        columns.reserveCapacity(columnCount)
        for column in 0..<columnCount {
            let name = PQfname(result, Int32(column)).map { String(cString: $0) } ?? ""
            columns.append(PostgresColumn(name: name, type: UInt32(PQftype(result, Int32(column)))))
        }
        var rows: [[String?]] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(columnCount)
            for column in 0..<columnCount {
                if PQgetisnull(result, Int32(row), Int32(column)) == 1 {
                    values.append(nil)
                } else {
                    values.append(String(cString: PQgetvalue(result, Int32(row), Int32(column))))
                }
            }
            rows.append(values)
        }
        return QueryResult(columns: columns, values: rows, affectedRows: rowCount)
    }

    static func error(from result: OpaquePointer, connection: OpaquePointer) -> PostgresError {
        func field(_ code: Int32) -> String? {
            PQresultErrorField(result, code).map { String(cString: $0) }
        }
        let primary = field(mm_diag_message_primary) ?? trimmed(PQresultErrorMessage(result))
        let status = field(mm_diag_sqlstate)
        let kind: PostgresError.Kind = status == nil && PQstatus(connection) != CONNECTION_OK
            ? .connectionLost : .server
        return PostgresError(
            kind: kind,
            message: primary.isEmpty ? trimmed(PQerrorMessage(connection)) : primary,
            sqlState: status.map(SQLState.init(rawValue:)),
            severity: field(mm_diag_severity),
            detail: field(mm_diag_message_detail),
            hint: field(mm_diag_message_hint),
            context: field(mm_diag_context),
            schemaName: field(mm_diag_schema_name),
            tableName: field(mm_diag_table_name),
            columnName: field(mm_diag_column_name),
            constraintName: field(mm_diag_constraint_name),
            position: field(mm_diag_statement_position).flatMap { Int($0) })
    }

    private func lastError(kind: PostgresError.Kind) -> PostgresError {
        PostgresError(kind: kind, message: Self.trimmed(PQerrorMessage(handle)))
    }

    static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "" }
        return String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func redact(_ message: String, password: String?) -> String {
        guard let password, !password.isEmpty else { return message }
        return message.replacingOccurrences(of: password, with: "********")
    }

    // MARK: - Parameters

    private func render(_ query: SQLQuery) throws -> (String, [String?]) {
        var text = ""
        var parameters: [String?] = []
        for fragment in query.fragments {
            switch fragment {
            case .sql(let sql): text += sql
            case .parameter(let value):
                parameters.append(value)
                text += "$\(parameters.count)"
            case .identifier(let name): text += try escapeIdentifier(name)
            }
        }
        return (text, parameters)
    }

    private func withParameterPointers<R>(
        _ parameters: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R
    ) -> R {
        // strdup keeps each C string alive for the duration of the call.
        let pointers: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.flatMap { strdup($0) } }
        defer { pointers.forEach { free($0) } }
        let constPointers = pointers.map { UnsafePointer($0) }
        return constPointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}

/// Receives server notices (on the libpq side) and passes them to the logger, never to stderr.
final class NoticeSink {
    let logger: Logger

    init(logger: Logger) { self.logger = logger }

    func receive(_ result: OpaquePointer) {
        let severity = PQresultErrorField(result, mm_diag_severity).map { String(cString: $0) } ?? "NOTICE"
        let message = PQresultErrorField(result, mm_diag_message_primary).map { String(cString: $0) } ?? ""
        let level: Logger.Level
        switch severity {
        case "WARNING": level = .warning
        case "NOTICE": level = .notice
        default: level = .debug
        }
        logger.log(level: level, "\(message)", metadata: ["severity": "\(severity)"])
    }
}

/// Calls `body` with a NULL-terminated array of C strings that live for the call.
private func withCStrings<Result>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result) -> Result {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { UnsafePointer($0) } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
