import Foundation

/// CSV as spreadsheet users open it (RFC 4180), shared by every CSV mmadmin writes so that
/// one rule decides what is quoted and what is defused.
public enum CSVText {
    /// One field: quoted when it holds a comma, a quote or a line break (quotes doubled).
    public static func field(_ value: String) -> String {
        // Scalars, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
        guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `value` prefixed with `'` when a spreadsheet would run it as a formula (it starts with
    /// `=`, `+`, `-`, `@`, tab or carriage return); plain negative numbers are data and stay.
    public static func defused(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return value }
        if first == "-", Double(value) != nil { return value }
        return "'" + value
    }

    /// A header line and data lines, CRLF-terminated; data values defused, then quoted.
    public static func document(header: [String], rows: [[String]]) -> String {
        var out = header.map(field).joined(separator: ",") + "\r\n"
        for row in rows {
            out += row.map { field(defused($0)) }.joined(separator: ",") + "\r\n"
        }
        return out
    }
}
