import MMCalendar
/// Rows in COPY's text format, encoded into a buffer the caller owns and hands to
/// `CopyWriter.send(_:)`. Keeping the buffer in a local variable rather than in the writer lets
/// a bulk load append field after field without a runtime exclusivity check on each one.
public struct CopyTextEncoder: Sendable {
    /// The encoded rows so far.
    public private(set) var bytes: [UInt8] = []
    private var fieldsInRow = 0
    /// The size at which a caller should send what it has: small enough that the server parses
    /// one chunk while the next is encoded (with 256 kB chunks each side waited for the other,
    /// and a roster's COPY took half as long again).
    public static let chunkSize = 1 << 15

    /// `capacity`: bytes to reserve; the default holds a chunk and one more row.
    public init(capacity: Int = chunkSize + 4096) {
        bytes.reserveCapacity(capacity)
    }

    /// Whether the buffer has reached `chunkSize`.
    public var isFull: Bool { bytes.count >= Self.chunkSize }

    private mutating func startField() {
        if fieldsInRow > 0 { bytes.append(9) }
        fieldsInRow += 1
    }

    /// Appends NULL.
    public mutating func appendNull() {
        startField()
        bytes.append(92)
        bytes.append(78)
    }

    /// Appends a text field; `nil` becomes NULL.
    public mutating func append(_ field: String?) {
        guard var field else { return appendNull() }
        field.withUTF8 { append(utf8: $0) }
    }

    /// Appends a field given as UTF-8 bytes. Tabs, line breaks and backslashes are escaped.
    public mutating func append(utf8 field: UnsafeBufferPointer<UInt8>) {
        startField()
        // Most values need no escaping and are copied in one go.
        guard field.contains(where: { $0 == 92 || $0 == 9 || $0 == 10 || $0 == 13 }) else {
            bytes.append(contentsOf: field)
            return
        }
        for byte in field {
            switch byte {
            case 92: bytes.append(92); bytes.append(92)
            case 9: bytes.append(92); bytes.append(116)
            case 10: bytes.append(92); bytes.append(110)
            case 13: bytes.append(92); bytes.append(114)
            default: bytes.append(byte)
            }
        }
    }

    /// Appends a whole number in decimal.
    public mutating func append(_ number: Int) {
        startField()
        if number < 0 { bytes.append(45) }
        let magnitude = number.magnitude
        var divisor: UInt = 1
        while divisor <= magnitude / 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(48 + magnitude / divisor % 10))
            divisor /= 10
        }
    }

    /// Appends a date as `YYYY-MM-DD`; `nil` becomes NULL.
    public mutating func append(_ date: CalendarDate?) {
        guard let date else { return appendNull() }
        startField()
        date.appendISO(to: &bytes)
    }

    /// Ends the current row.
    public mutating func endRow() {
        bytes.append(10)
        fieldsInRow = 0
    }

    /// Forgets the encoded rows, keeping the buffer's capacity.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        fieldsInRow = 0
    }
}
