import Foundation
import MMCalendar

/// Internet message (RFC 5322, MIME) text: header values safe whatever a name holds, RFC 2047
/// encoded-words for non-ASCII, quoted-printable bodies, CRLF line ends.
public enum EmailText {
    /// A mailbox header value, `"Display Name" <address>` or the address alone. A name becomes
    /// one line (control characters are spaces), is quoted when it holds anything but letters,
    /// digits and spaces, and is encoded (RFC 2047) when it holds non-ASCII or `=?`. Addresses
    /// come from the roster, which admits no spaces, controls, commas or angle brackets.
    public static func mailbox(name: String?, address: String) -> String {
        guard let name = name.map(singleLine), !name.trimmingCharacters(in: .whitespaces).isEmpty else { return "<\(address)>" }
        return phrase(name) + " <\(address)>"
    }

    /// An unstructured header value (Subject): one line, encoded when it holds non-ASCII.
    public static func unstructured(_ text: String) -> String {
        let line = singleLine(text)
        return needsEncoding(line) ? encodedWords(line) : line
    }

    /// A complete header field, folded at spaces so that lines stay within 78 characters where
    /// the value allows; ends with CRLF.
    public static func header(_ name: String, _ value: String) -> String {
        var out = ""
        var line = name + ":"
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            let piece = " " + word
            if line.utf8.count + piece.utf8.count > 78 && line.utf8.count > name.utf8.count + 1 {
                out += line + "\r\n"
                line = piece
            } else {
                line += piece
            }
        }
        return out + line + "\r\n"
    }

    /// A text body as quoted-printable (RFC 2045) with CRLF line ends: every line at most 76
    /// characters (soft breaks `=`), never splitting an `=XX`, trailing spaces encoded.
    public static func quotedPrintable(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .components(separatedBy: "\n")
        var out = ""
        for (number, line) in lines.enumerated() {
            let bytes = Array(line.utf8)
            var current = ""
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let token: String
                switch byte {
                case 0x20, 0x09: token = isLast ? hex(byte) : String(UnicodeScalar(byte))
                case 0x21...0x7E where byte != 0x3D: token = String(UnicodeScalar(byte))
                default: token = hex(byte)
                }
                // A soft break takes one column: 75 characters of content at most per line.
                if current.utf8.count + token.utf8.count > 75 {
                    out += current + "=\r\n"
                    current = ""
                }
                current += token
            }
            out += current
            if number < lines.count - 1 { out += "\r\n" }
        }
        return out.hasSuffix("\r\n") ? out : out + "\r\n"
    }

    /// RFC 5322 date: "Thu, 03 Dec 2026 05:40:00 +0000".
    public static func date(secondsSinceEpoch seconds: Int) -> String {
        let minute = UTCMinute(minutesSinceEpoch: Int((Double(seconds) / 60).rounded(.down)))
        let day = minute.day
        let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int) -> String { (value < 10 ? "0" : "") + String(value) }
        let weekday = weekdays[day.weekday]
        return "\(weekday), \(two(day.day)) \(months[day.month - 1]) \(day.year) "
            + "\(two(minute.minuteOfDay / 60)):\(two(minute.minuteOfDay % 60)):\(two(seconds - minute.minutesSinceEpoch * 60)) +0000"
    }

    /// Control characters (line breaks among them) as spaces: nothing in a value can end a
    /// header line or start a new field.
    static func singleLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : $0
        }))
    }

    private static func phrase(_ name: String) -> String {
        if needsEncoding(name) { return encodedWords(name) }
        if name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == " ") }) { return name }
        return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private static func needsEncoding(_ text: String) -> Bool {
        !text.allSatisfy(\.isASCII) || text.contains("=?")
    }

    /// `=?UTF-8?B?…?=` words of at most 75 characters, split between characters, separated by
    /// spaces (which decoders drop between encoded-words).
    private static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
            chunk = []
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            // 39 bytes make 52 base64 characters; with "=?UTF-8?B?" and "?=", 64: a word fits
            // on a header line after "Subject: " within 78 characters.
            if chunk.count + bytes.count > 39 { flush() }
            chunk += bytes
        }
        flush()
        return words.joined(separator: " ")
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
