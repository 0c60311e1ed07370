import Foundation
/// Buffers rows for `PostgresConnection.copyIn` in COPY's text format and sends them in large
/// chunks. Valid only inside the `copyIn` body that received it.
public final class CopyWriter {
    private unowned let connection: PostgresConnection
    private var rows = CopyTextEncoder()
    private var valid = true

    init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// Writes one row; `nil` fields become NULL. Tabs, newlines and backslashes are escaped.
    /// (Bulk loads encode rows into a `CopyTextEncoder` of their own and `send` it.)
    public func writeRow(_ fields: [String?]) throws {
        for field in fields { rows.append(field) }
        rows.endRow()
        if rows.isFull { try flush() }
    }

    /// Sends whole rows a caller encoded itself (after anything appended here) and empties
    /// `encoded`. Call it whenever `encoded.isFull`, and once at the end.
    public func send(_ encoded: inout CopyTextEncoder) throws {
        try flush()
        try send(encoded.bytes)
        encoded.removeAll()
    }

    /// Sends what is buffered.
    public func flush() throws {
        try send(rows.bytes)
        rows.removeAll()
    }

    private func send(_ bytes: [UInt8]) throws {
        guard valid else { throw PostgresError.client("the COPY writer was used after its COPY ended") }
        guard !bytes.isEmpty else { return }
        try bytes.withUnsafeBufferPointer { try connection.putCopyData($0) }
    }

    func invalidate() {
        valid = false
        rows = CopyTextEncoder(capacity: 0)
    }
}
