import Foundation
import MMDomain

/// The user's explicit column mapping, one rule for every kind of import: entries given one by
/// one (`--map`) or as the lines of a mapping file (blank lines and `#` comments skipped), each
/// `field=Source Header` or, as rosters have always taken it, `Source Header=field`. The side
/// that is a field name of the kind decides (the field first when both are); a header may
/// itself contain `=`.
public enum MappingEntries {
    /// One entry: which file column feeds which field.
    public struct Entry: Sendable, Equatable {
        public let field: String
        public let header: String

        public init(field: String, header: String) {
            self.field = field
            self.header = header
        }
    }

    /// Parses `entries` against the kind's `fields`; throws a usage error for an entry without
    /// `=`, one naming no field, an empty header, or (with `oneColumnPerField`, as program data
    /// has it; a roster may name several columns for one field) two headers for one field.
    public static func parse(_ entries: [String], fields: [String], kind: String,
                             oneColumnPerField: Bool = true) throws -> [Entry] {
        var parsed: [Entry] = []
        for entry in entries {
            let trimmed = entry.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let first = trimmed.firstIndex(of: "="), let last = trimmed.lastIndex(of: "=") else {
                throw MMError(.usage, "The mapping \"\(entry)\" is not of the form \"field=Source Header\".")
            }
            let left = trimmed[..<first].trimmingCharacters(in: .whitespaces)
            let right = trimmed[trimmed.index(after: last)...].trimmingCharacters(in: .whitespaces)
            let found: Entry
            if fields.contains(left) {
                found = Entry(field: left, header: trimmed[trimmed.index(after: first)...].trimmingCharacters(in: .whitespaces))
            } else if fields.contains(right) {
                found = Entry(field: right, header: trimmed[..<last].trimmingCharacters(in: .whitespaces))
            } else {
                let named = looksLikeFieldName(left) || !looksLikeFieldName(right) ? left : right
                throw MMError(.usage, "The mapping \"\(entry)\" names an unknown field \"\(named)\" for \(kind).",
                              details: ["fields: " + fields.joined(separator: ", ")])
            }
            guard !found.header.isEmpty else {
                throw MMError(.usage, "The mapping \"\(entry)\" names no column for \(found.field).")
            }
            if oneColumnPerField, let earlier = parsed.first(where: { $0.field == found.field && $0.header != found.header }) {
                throw MMError(.usage, "The mapping names two columns for \(found.field): \"\(earlier.header)\" and \"\(found.header)\".")
            }
            parsed.append(found)
        }
        return parsed
    }

    /// Lower-case letters, digits and underscores, as field names are spelled.
    private static func looksLikeFieldName(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
    }

    /// The entries of `--map` options and a `--mapping` file's lines (the file's first, so an
    /// option given on the command line can add to it).
    public static func lines(ofFileText text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map(String.init)
    }
}
