import Foundation
/// Buffers rows for `PostgresConnection.copyIn` in COPY's text format and sends them in large
/// chunks. Valid only inside the `copyIn` body that received it.
public final class CopyWriter {
    private unowned let connection: PostgresConnection
    private var buffer: [UInt8] = []
    private var valid = true
    private static let flushThreshold = 1 << 18

    init(connection: PostgresConnection) {
        self.connection = connection
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    private var fieldsInRow = 0

    /// Writes one row; `nil` fields become NULL. Tabs, newlines and backslashes are escaped.
    public func writeRow(_ fields: [String?]) throws {
        for field in fields { appendField(field) }
        try endRow()
    }

    /// Appends one field to the current row (for callers that build rows without an array);
    /// finish the row with `endRow()`.
    public func appendField(_ field: String?) {
        if fieldsInRow > 0 { buffer.append(9) }
        fieldsInRow += 1
        guard let field else {
            buffer.append(92)
            buffer.append(78)
            return
        }
        appendEscaped(field)
    }

    /// Ends the current row.
    public func endRow() throws {
        buffer.append(10)
        fieldsInRow = 0
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    private func appendEscaped(_ field: String) {
        var field = field
        let appended: Bool = field.withUTF8 { bytes in
            // Most values need no escaping and are copied in one go.
            guard !bytes.contains(where: { $0 == 92 || $0 == 9 || $0 == 10 || $0 == 13 }) else { return false }
            buffer.append(contentsOf: bytes)
            return true
        }
        if appended { return }
        for byte in field.utf8 {
            switch byte {
            case 92: buffer.append(92); buffer.append(92)
            case 9: buffer.append(92); buffer.append(116)
            case 10: buffer.append(92); buffer.append(110)
            case 13: buffer.append(92); buffer.append(114)
            default: buffer.append(byte)
            }
        }
    }

    /// Sends what is buffered.
    public func flush() throws {
        guard valid else { throw PostgresError.client("the COPY writer was used after its COPY ended") }
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBufferPointer { try connection.putCopyData($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    func invalidate() {
        valid = false
        buffer.removeAll()
    }
}
