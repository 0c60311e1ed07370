import Foundation
import MMDomain

/// The e-mail a manager sends to introduce a pair, as a text the manager can edit: an optional
/// first line `Subject: …`, then the body (after a blank line when there is a subject line).
/// `{{name}}` stands for a value of the pair (`IntroTemplate.placeholders`); anything else
/// between `{{` and `}}` is refused before a single file is written.
public struct IntroTemplate: Sendable {
    /// The placeholders and what each becomes.
    public static let placeholders: [(name: String, meaning: String)] = [
        ("mentee_name", "the mentee's name"),
        ("mentee_email", "the mentee's e-mail address"),
        ("mentor_name", "the mentor's name"),
        ("mentor_email", "the mentor's e-mail address"),
        ("topic", "the topic they were matched on, else the mentor's topics"),
        ("slot", "the proposed time, such as \"Monday 7 December 2026, 09:00–09:30 UTC\""),
        ("minutes", "the session length in minutes"),
        ("cohort", "the cohort's name"),
        ("reason", "why they were paired"),
    ]

    /// The template used without `--template`: what micromentoring is in two sentences, the
    /// topic, and the ask for a clear question and 20-30 minutes.
    public static let standardText = """
        Subject: Micromentoring introduction: {{mentee_name}} and {{mentor_name}}

        Hello {{mentee_name}} and {{mentor_name}},

        Micromentoring is short, focused mentoring between colleagues: one conversation about one \
        question, with no long-term commitment. It helps people get unstuck quickly and meet \
        colleagues they would not otherwise meet across the company.

        {{mentor_name}}, meet {{mentee_name}}, who would like to talk about {{topic}}. \
        {{mentee_name}}, please bring one clear question, so that 20–30 minutes are enough.

        Proposed time: {{slot}} ({{minutes}} minutes; the calendar invitation holds it; \
        reply to both to move it).

        Why you two: {{reason}}.

        Thank you for taking part,
        The {{cohort}} micromentoring program

        """

    /// The subject line's text and the body's, with their placeholders.
    let subject: [Piece]
    let body: [Piece]

    enum Piece: Sendable, Equatable {
        case text(String)
        case placeholder(String)
    }

    /// The shipped template. Parsing it cannot fail unless `standardText` was edited wrongly,
    /// which a test catches; it still throws rather than crash, as an internal error.
    public static func standard() throws(MMError) -> IntroTemplate {
        do {
            return try IntroTemplate(text: standardText, name: "the default template")
        } catch {
            throw MMError(.internalError, "The shipped introduction template is broken.", details: [error.message])
        }
    }

    /// Reads a template file's bytes; `name` says where it came from in errors. Throws a data
    /// error (exit 65) for text that is not UTF-8, an unknown placeholder or an unclosed `{{`.
    public init(data: Data, name: String) throws(MMError) {
        guard let text = String(data: data, encoding: .utf8) else {
            throw MMError(.dataError, "The template \(name) is not UTF-8 text.")
        }
        try self.init(text: text, name: name)
    }

    public init(text: String, name: String) throws(MMError) {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .components(separatedBy: "\n")
        var subjectLine = "Micromentoring introduction: {{mentee_name}} and {{mentor_name}}"
        var bodyLines = lines[...]
        var firstBodyLine = 1
        if let first = lines.first, first.lowercased().hasPrefix("subject:") {
            subjectLine = String(first.dropFirst("subject:".count)).trimmingCharacters(in: .whitespaces)
            bodyLines = lines.dropFirst()
            firstBodyLine = 2
            if bodyLines.first?.trimmingCharacters(in: .whitespaces).isEmpty == true {
                bodyLines = bodyLines.dropFirst()
                firstBodyLine = 3
            }
        }
        subject = try Self.pieces(subjectLine, name: name, firstLine: 1)
        body = try Self.pieces(bodyLines.joined(separator: "\n"), name: name, firstLine: firstBodyLine)
    }

    /// The subject and the body with every placeholder replaced by `values[name]`.
    func render(_ values: [String: String]) -> (subject: String, body: String) {
        func fill(_ pieces: [Piece]) -> String {
            pieces.map { piece in
                switch piece {
                case .text(let text): return text
                case .placeholder(let name): return values[name] ?? ""
                }
            }.joined()
        }
        return (fill(subject), fill(body))
    }

    private static func pieces(_ text: String, name: String, firstLine: Int) throws(MMError) -> [Piece] {
        let known = Set(placeholders.map(\.name))
        var pieces: [Piece] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.text(String(rest[..<open.lowerBound]))) }
            let line = firstLine + text[..<open.lowerBound].filter { $0 == "\n" }.count
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw MMError(.dataError, "The template \(name) has a {{ without }} on line \(line).")
            }
            let word = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard known.contains(word) else {
                throw MMError(.dataError, "The template \(name) uses the unknown placeholder {{\(word)}} on line \(line).",
                              details: ["Placeholders: " + placeholders.map { "{{\($0.name)}}" }.joined(separator: ", ")])
            }
            pieces.append(.placeholder(word))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        return pieces
    }
}
