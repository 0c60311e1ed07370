import Foundation
import MMDomain

/// Reads a file the way an import does before it touches the database: CSV records, the
/// roster's and every program kind's header mapping, and every program kind's value parsers
/// (dates and times in each date format and in a zone with daylight saving, zone names) on
/// every cell. The fuzz target (`Fuzz/`, `scripts/fuzz.sh`) drives it with arbitrary bytes; it
/// must never crash.
public enum OfflineCheck {
    /// Every date format, and a zone with daylight saving (its skipped and repeated hours).
    private static let contexts = [
        ValueContext(),
        ValueContext(dateFormat: .us, timeZone: TimeZone(identifier: "America/New_York") ?? ImportTimeZone.utc),
        ValueContext(dateFormat: .european, timeZone: TimeZone(identifier: "Europe/Berlin") ?? ImportTimeZone.utc),
    ]

    /// How many cells one of the parsers refused (a count, so the work cannot be optimised away).
    public static func refusals(in data: Data) -> Int {
        var reader = CSVReader(data: data)
        var fields: [CSVReader.Field] = []
        var refusals = 0
        do {
            guard try reader.nextRecord(into: &fields) != nil else { return 0 }
            let headers = fields.map { reader.string($0, trimmed: true) ?? "" }
            if (try? HeaderMapping(headers: headers, explicit: [:])) == nil { refusals += 1 }
            for kind in ProgramImportKind.allCases where (try? FieldMapping(headers: headers, spec: kind.spec)) == nil {
                refusals += 1
            }
            let specs = ProgramImportKind.allCases.flatMap(\.spec.mappableFields)
            while try reader.nextRecord(into: &fields) != nil {
                for field in fields where !reader.isBlank(field) && !reader.containsNUL(field) {
                    guard let text = reader.string(field, trimmed: true) else { refusals += 1; continue }
                    for spec in specs {
                        for context in contexts {
                            if case .failure = spec.parse(text, context: context) { refusals += 1 }
                        }
                    }
                }
            }
        } catch {
            refusals += 1
        }
        return refusals
    }
}
