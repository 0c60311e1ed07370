import ArgumentParser
import Foundation
import MMDomain
import MMImport

/// How a file's columns and dates are read, the same for every import kind: explicit column
/// mapping (`--map`, `--mapping`) and the date format (`--date-format`).
struct ColumnMappingOptions: ParsableArguments {
    @Option(name: .customLong("map"),
            help: ArgumentHelp("Read a field from a column, as field=\"Source Header\" (or \"Source Header\"=field); repeatable.",
                               valueName: "mapping"))
    var mappings: [String] = []

    @Option(help: ArgumentHelp("A file of field=Source Header lines (# comments allowed).", valueName: "path"))
    var mapping: String?

    @Option(help: ArgumentHelp("Also accept MM/DD/YYYY (us) or DD/MM/YYYY and DD.MM.YYYY (eu) dates.", valueName: "format"))
    var dateFormat: String?

    func validate() throws {
        if let dateFormat, DateFormat(argument: dateFormat) == nil {
            throw ValidationError("--date-format takes iso, us (MM/DD/YYYY) or eu (DD/MM/YYYY, DD.MM.YYYY).")
        }
    }

    /// The chosen date format (ISO when none is given).
    var format: DateFormat {
        dateFormat.flatMap(DateFormat.init(argument:)) ?? .iso
    }

    /// The mapping file's lines, then the `--map` entries.
    func entries() throws -> [String] {
        guard let mapping else { return mappings }
        guard let text = try? String(contentsOfFile: mapping, encoding: .utf8) else {
            throw MMError(.usage, "The mapping file \(mapping) cannot be read.")
        }
        return MappingEntries.lines(ofFileText: text) + mappings
    }
}
