import Foundation

/// How lists typed on the command line or held in one CSV cell are split: one rule for every
/// command and every import.
public enum ListText {
    /// Topic lists (`mentor set --topics`, the mentors file's `topics`): `,`, `;` and `|` all
    /// separate; items are trimmed and empty ones dropped ("sql; negotiation, sales" is three
    /// topics). A topic therefore never contains one of these characters.
    public static func topics(_ text: String) -> [String] {
        split(text) { $0 == "," || $0 == ";" || $0 == "|" }
    }

    /// Lists of people or ids (`cohort enroll --mentors a@x.com,b@x.com E7`): commas and
    /// whitespace separate, so both spellings, and a mix, name the same people.
    public static func references(_ values: [String]) -> [String] {
        values.flatMap { value in split(value) { $0 == "," || $0.isWhitespace } }
    }

    private static func split(_ text: String, separator: (Character) -> Bool) -> [String] {
        text.split(whereSeparator: separator)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}
