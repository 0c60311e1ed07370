import MMDomain
import Foundation

/// A streaming RFC 4180 reader over bytes: quoted fields with embedded delimiters, quotes
/// (`""`) and line breaks; LF or CRLF line ends; an optional UTF-8 byte-order mark.
///
/// Fields are handed out as ranges into the buffer and only become Strings on request, so
/// reading a million-row file allocates little beyond what the caller keeps.
public struct CSVReader {
    /// One field of the current record.
    public struct Field: Sendable {
        let start: Int
        let end: Int
        let hasEscapedQuotes: Bool
    }

    /// A structural problem found while reading.
    public struct SyntaxError: Error, Sendable {
        public let line: Int
        public let message: String
    }

    let bytes: [UInt8]
    public let delimiter: UInt8
    private var position: Int
    private var line = 1

    /// Reads `data`; `delimiter` nil means detect it from the header line (comma, semicolon or tab,
    /// whichever occurs most outside quotes).
    public init(data: Data, delimiter: UInt8? = nil) {
        bytes = [UInt8](data)
        position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        self.delimiter = delimiter ?? Self.detectDelimiter(bytes, from: position)
    }

    static func detectDelimiter(_ bytes: [UInt8], from start: Int) -> UInt8 {
        var counts: [UInt8: Int] = [44: 0, 59: 0, 9: 0]
        var quoted = false
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 34 { quoted.toggle() }
            else if !quoted && (byte == 10 || byte == 13) { break }
            else if !quoted, counts[byte] != nil { counts[byte]! += 1 }
            index += 1
        }
        let best = counts.max { lhs, rhs in lhs.value < rhs.value || (lhs.value == rhs.value && lhs.key > rhs.key) }
        return (best?.value ?? 0) > 0 ? best!.key : 44
    }

    /// Reads the next record into `fields` (cleared first). Returns the line the record starts
    /// on, or nil at the end of the input. Blank lines are skipped.
    public mutating func nextRecord(into fields: inout [Field]) throws(SyntaxError) -> Int? {
        fields.removeAll(keepingCapacity: true)
        while position < bytes.count {
            let startLine = line
            // Skip blank lines.
            if bytes[position] == 10 { position += 1; line += 1; continue }
            if bytes[position] == 13, position + 1 < bytes.count, bytes[position + 1] == 10 {
                position += 2; line += 1; continue
            }
            try readRecord(into: &fields, startLine: startLine)
            return startLine
        }
        return nil
    }

    private mutating func readRecord(into fields: inout [Field], startLine: Int) throws(SyntaxError) {
        let count = bytes.count
        while true {
            if position < count, bytes[position] == 34 {
                // Quoted field.
                position += 1
                let start = position
                var escaped = false
                while true {
                    guard position < count else {
                        throw SyntaxError(line: startLine, message: "a quoted field starting on this line is never closed")
                    }
                    let byte = bytes[position]
                    if byte == 34 {
                        if position + 1 < count, bytes[position + 1] == 34 {
                            escaped = true
                            position += 2
                            continue
                        }
                        break
                    }
                    if byte == 10 { line += 1 }
                    position += 1
                }
                fields.append(Field(start: start, end: position, hasEscapedQuotes: escaped))
                position += 1 // closing quote
                // RFC 4180 allows nothing between a closing quote and the next delimiter.
                if position < count, bytes[position] != delimiter, bytes[position] != 10, bytes[position] != 13 {
                    throw SyntaxError(line: line, message: "unexpected text after a closing quote")
                }
            } else {
                let start = position
                while position < count {
                    let byte = bytes[position]
                    if byte == delimiter || byte == 10 || byte == 13 { break }
                    position += 1
                }
                fields.append(Field(start: start, end: position, hasEscapedQuotes: false))
            }
            guard position < count else { return }
            let byte = bytes[position]
            if byte == delimiter {
                position += 1
                if position >= count { fields.append(Field(start: count, end: count, hasEscapedQuotes: false)); return }
                continue
            }
            // Line end.
            if byte == 13, position + 1 < count, bytes[position + 1] == 10 { position += 2 } else { position += 1 }
            line += 1
            return
        }
    }

    /// The field's text, or nil when it is not valid UTF-8. With `trimmed`, leading and
    /// trailing spaces, tabs and line breaks are left out.
    public func string(_ field: Field, trimmed: Bool = false) -> String? {
        withBytes(field, trimmed: trimmed) { Self.decode($0) }
    }

    /// Calls `body` with the field's bytes, quotes unescaped (and, with `trimmed`, without
    /// leading and trailing spaces, tabs and line breaks); most fields are read in place.
    public func withBytes<Result>(_ field: Field, trimmed: Bool = false,
                                  _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var start = field.start
        var end = field.end
        if trimmed {
            while start < end, Self.isSpace(bytes[start]) { start += 1 }
            while end > start, Self.isSpace(bytes[end - 1]) { end -= 1 }
        }
        if !field.hasEscapedQuotes {
            return bytes.withUnsafeBufferPointer { buffer in body(UnsafeBufferPointer(rebasing: buffer[start..<end])) }
        }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(end - start)
        var index = start
        while index < end {
            unescaped.append(bytes[index])
            index += bytes[index] == 34 ? 2 : 1
        }
        return unescaped.withUnsafeBufferPointer(body)
    }

    /// Decodes UTF-8, refusing invalid sequences rather than repairing them.
    private static func decode(_ buffer: UnsafeBufferPointer<UInt8>) -> String? {
        // Most values are ASCII, which needs no validation and takes the fast path.
        if buffer.allSatisfy({ $0 < 0x80 }) { return String(decoding: buffer, as: UTF8.self) }
        return String(validating: buffer, as: UTF8.self)
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 32 || byte == 9 || byte == 10 || byte == 13
    }

    /// Whether the field holds a NUL byte, which no text value may contain.
    public func containsNUL(_ field: Field) -> Bool {
        bytes[field.start..<field.end].contains(0)
    }

    /// Whether the field holds nothing but spaces, tabs and line breaks.
    public func isBlank(_ field: Field) -> Bool {
        var index = field.start
        while index < field.end {
            if !Self.isSpace(bytes[index]) { return false }
            index += 1
        }
        return true
    }

}
