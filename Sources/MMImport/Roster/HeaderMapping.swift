import Foundation
import MMDomain
import MMStore

/// Which file column feeds which roster field, decided from the header row, the built-in
/// spellings and the user's explicit mapping.
public struct HeaderMapping: Sendable {
    /// For each field, the columns that feed it, best first.
    public let columns: [RosterField: [Int]]
    /// The same, indexed by `RosterField.ordinal` (read for every cell of every row).
    let columnsByOrdinal: [[Int]]
    /// Headers no field uses (ignored, reported once).
    public let ignoredHeaders: [String]
    /// The header row as written.
    public let headers: [String]

    /// Parses user mapping entries `Source Header=field` or `field=Source Header` (given one by
    /// one or in a mapping file; `MappingEntries`, the rule of every kind of import).
    public static func parseEntries(_ entries: [String]) throws -> [String: RosterField] {
        let parsed = try MappingEntries.parse(entries, fields: RosterField.allCases.map(\.rawValue), kind: "rosters",
                                              oneColumnPerField: false)
        var mapping: [String: RosterField] = [:]
        for entry in parsed {
            if let field = RosterField(rawValue: entry.field) { mapping[entry.header] = field }
        }
        return mapping
    }

    /// Maps `headers`; `explicit` (source header → field) overrides the built-in spellings.
    /// Throws the problems when a required field has no column.
    public init(headers: [String], explicit: [String: RosterField]) throws(UnmappableHeaders) {
        self.headers = headers
        var candidates: [RosterField: [(rank: Int, column: Int)]] = [:]
        var ignored: [String] = []
        let explicitByNormalized = Dictionary(explicit.map { (Spelling.normalize($0.key), $0.value) }) { $1 }
        for (column, header) in headers.enumerated() {
            let normalized = Spelling.normalize(header)
            if let field = explicit[header] ?? explicitByNormalized[normalized] {
                candidates[field, default: []].append((-1, column))
            } else if let alias = RosterField.aliases[normalized] {
                candidates[alias.field, default: []].append((alias.rank, column))
            } else {
                ignored.append(header)
            }
        }
        let columns = candidates.mapValues { $0.sorted { ($0.rank, $0.column) < ($1.rank, $1.column) }.map(\.column) }
        self.columns = columns
        columnsByOrdinal = RosterField.allCases.map { columns[$0] ?? [] }
        ignoredHeaders = ignored
        var problems: [ImportProblem] = []
        let unmapped = Set(explicit.keys).subtracting(headers)
            .filter { key in !headers.contains { Spelling.normalize($0) == Spelling.normalize(key) } }
        for header in unmapped.sorted() {
            problems.append(ImportProblem(line: 1, column: nil, message: "the mapping names a column \"\(header)\" that the file does not have"))
        }
        for required in [RosterField.employeeID, .email] where columns[required] == nil {
            problems.append(ImportProblem(
                line: 1, column: nil,
                message: "no column for \(required.rawValue)", remedy: .mapHeader(field: required.rawValue)))
        }
        if !problems.isEmpty { throw UnmappableHeaders(problems: problems) }
    }

    /// The header of the column a field is read from first, for problem messages.
    func header(of field: RosterField) -> String? {
        columns[field]?.first.map { headers[$0] }
    }
}
