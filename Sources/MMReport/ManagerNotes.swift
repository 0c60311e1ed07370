import Foundation
import MMDomain

/// The manager's commentary on a report (`report monthly --notes FILE`): a small Markdown
/// subset — paragraphs, `*emphasis*`, `**strong**`, `` `code` ``, lists (`-`, `*`, `+`, `1.`) and
/// `[links](https://…)` — parsed once and written for each reader. Everything else (raw HTML,
/// headings, images, links to other schemes) stays literal text, escaped like every other text:
/// nothing in the file can add markup, scripts or a `javascript:` link to a report.
public struct ManagerNotes: Sendable, Equatable {
    /// One piece of inline text.
    public indirect enum Inline: Sendable, Equatable {
        case text(String)
        case emphasis([Inline])
        case strong([Inline])
        case code(String)
        case link(text: [Inline], url: String)
    }

    /// A paragraph or a list of items.
    public enum Block: Sendable, Equatable {
        case paragraph([Inline])
        case list(ordered: Bool, items: [[Inline]])
    }

    /// The file's text exactly as given (CSV and JSON carry it as a field).
    public let text: String
    public let blocks: [Block]

    /// Parses `text`; longer than `ProgramLimits.reportNotesLength` characters is a data error.
    public init(text: String) throws(MMError) {
        guard text.count <= ProgramLimits.reportNotesLength else {
            throw MMError(.dataError, "The notes are too long for a report.",
                          details: ["\(text.count) characters; at most \(ProgramLimits.reportNotesLength)."])
        }
        self.text = text
        self.blocks = Self.parseBlocks(text)
    }

    /// Reads notes from a file's bytes, which must be UTF-8 text.
    public init(data: Data, name: String) throws(MMError) {
        guard let text = String(data: data, encoding: .utf8) else {
            throw MMError(.dataError, "The notes file \(name) is not UTF-8 text.")
        }
        try self.init(text: text)
    }

    // MARK: - Blocks

    /// "- item", "* item", "+ item" or "12. item" / "12) item": whether ordered, and the item's text.
    static func listItem(_ line: Substring) -> (ordered: Bool, text: Substring)? {
        let trimmed = line.drop { $0 == " " }
        if let first = trimmed.first, "-*+".contains(first), trimmed.dropFirst().first == " " {
            return (false, trimmed.dropFirst(2))
        }
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        let rest = trimmed.dropFirst(digits.count)
        if !digits.isEmpty, digits.count <= 9, let marker = rest.first, marker == "." || marker == ")", rest.dropFirst().first == " " {
            return (true, rest.dropFirst(2))
        }
        return nil
    }

    static func parseBlocks(_ text: String) -> [Block] {
        var blocks: [Block] = []
        var paragraph: [Substring] = []
        var list: (ordered: Bool, items: [[Substring]])?
        func flush() {
            if !paragraph.isEmpty { blocks.append(.paragraph(parseInline(paragraph.joined(separator: " ")))) }
            if let open = list {
                blocks.append(.list(ordered: open.ordered, items: open.items.map { parseInline($0.joined(separator: " ")) }))
            }
            paragraph = []
            list = nil
        }
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let content = line.trimmingCharacters(in: .whitespaces)
            if content.isEmpty {
                flush()
            } else if let item = listItem(line) {
                if list == nil || list?.ordered != item.ordered || !paragraph.isEmpty { flush() }
                list = (item.ordered, (list?.items ?? []) + [[item.text]])
            } else if list != nil {
                // A line after an item continues it.
                list!.items[list!.items.count - 1].append(Substring(content))
            } else {
                paragraph.append(Substring(content))
            }
        }
        flush()
        return blocks
    }

    // MARK: - Inline text

    /// Inline Markdown over one block's characters. Delimiters are found through position
    /// lists, so hostile input (thousands of `[` or `*`) costs a binary search per delimiter,
    /// never a rescan of the rest of the text.
    struct InlineParser {
        let characters: [Character]
        /// Where each delimiter occurs, in order.
        var positions: [String: [Int]] = [:]

        init(_ text: String) {
            characters = Array(text)
            for (index, character) in characters.enumerated() {
                switch character {
                case "*", "_", "`", "]", ")":
                    positions[String(character), default: []].append(index)
                    if (character == "*" || character == "_"), index + 1 < characters.count, characters[index + 1] == character {
                        positions[String(repeating: character, count: 2), default: []].append(index)
                    }
                default: break
                }
            }
        }

        /// The first position of `delimiter` at or after `start` and before `end`.
        func next(_ delimiter: String, from start: Int, before end: Int) -> Int? {
            guard let list = positions[delimiter] else { return nil }
            var low = 0, high = list.count
            while low < high {
                let middle = (low + high) / 2
                if list[middle] < start { low = middle + 1 } else { high = middle }
            }
            return low < list.count && list[low] < end ? list[low] : nil
        }

        func isSpace(_ index: Int) -> Bool { characters[index].isWhitespace }
        func isWordCharacter(_ index: Int) -> Bool {
            index >= 0 && index < characters.count && (characters[index].isLetter || characters[index].isNumber)
        }

        /// Parses `range`; `depth` bounds nesting, `inLink` keeps links out of link text.
        func parse(_ range: Range<Int>, depth: Int = 0, inLink: Bool = false) -> [Inline] {
            var result: [Inline] = []
            var text = ""
            func emit(_ inline: Inline) {
                if !text.isEmpty { result.append(.text(text)) }
                text = ""
                result.append(inline)
            }
            var index = range.lowerBound
            while index < range.upperBound {
                let character = characters[index]
                if character == "\\", index + 1 < range.upperBound, characters[index + 1].isASCII, characters[index + 1].isPunctuation || characters[index + 1].isSymbol {
                    text.append(characters[index + 1])
                    index += 2
                    continue
                }
                if character == "`", let close = next("`", from: index + 1, before: range.upperBound), close > index + 1 {
                    emit(.code(String(characters[(index + 1)..<close])))
                    index = close + 1
                    continue
                }
                if depth < 4, character == "*" || character == "_" {
                    let double = String(repeating: character, count: 2)
                    let isDouble = index + 1 < range.upperBound && characters[index + 1] == character
                    let width = isDouble ? 2 : 1
                    let opensWord = character == "*" || !isWordCharacter(index - 1)
                    if opensWord, index + width < range.upperBound, !isSpace(index + width),
                       let close = isDouble ? next(double, from: index + width + 1, before: range.upperBound - 1)
                                            : next(String(character), from: index + 2, before: range.upperBound),
                       !isSpace(close - 1), character == "*" || !isWordCharacter(close + width) {
                        let inner = parse((index + width)..<close, depth: depth + 1, inLink: inLink)
                        emit(isDouble ? .strong(inner) : .emphasis(inner))
                        index = close + width
                        continue
                    }
                }
                if character == "[", !inLink, depth < 4,
                   let closeBracket = next("]", from: index + 1, before: range.upperBound),
                   closeBracket + 1 < range.upperBound, characters[closeBracket + 1] == "(",
                   let closeParen = next(")", from: closeBracket + 2, before: range.upperBound) {
                    let url = String(characters[(closeBracket + 2)..<closeParen]).trimmingCharacters(in: .whitespaces)
                    if ManagerNotes.isAllowedLink(url) {
                        emit(.link(text: parse((index + 1)..<closeBracket, depth: depth + 1, inLink: true), url: url))
                        index = closeParen + 1
                        continue
                    }
                }
                text.append(character)
                index += 1
            }
            if !text.isEmpty { result.append(.text(text)) }
            return result
        }
    }

    static func parseInline(_ text: String) -> [Inline] {
        let parser = InlineParser(text)
        return parser.parse(0..<parser.characters.count)
    }

    /// Links may point to web pages and e-mail addresses only (no `javascript:`, `data:` or
    /// file links), and hold no spaces, quotes or angle brackets.
    static func isAllowedLink(_ url: String) -> Bool {
        let lowered = url.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") || lowered.hasPrefix("mailto:") else { return false }
        return !url.contains { $0.isWhitespace || "\"'<>`\\".contains($0) || $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } }
    }

    // MARK: - Writing

    /// The notes as HTML: `<p>`, `<ul>`/`<ol>`, `<em>`, `<strong>`, `<code>` and `<a>`; every
    /// piece of text escaped.
    public var html: String {
        func inline(_ parts: [Inline]) -> String {
            parts.map { part in
                switch part {
                case .text(let text): return Formatting.html(text)
                case .emphasis(let inner): return "<em>\(inline(inner))</em>"
                case .strong(let inner): return "<strong>\(inline(inner))</strong>"
                case .code(let text): return "<code>\(Formatting.html(text))</code>"
                case .link(let text, let url): return "<a href=\"\(Formatting.html(url))\" rel=\"noopener noreferrer\">\(inline(text))</a>"
                }
            }.joined()
        }
        return blocks.map { block in
            switch block {
            case .paragraph(let parts): return "<p>\(inline(parts))</p>"
            case .list(let ordered, let items):
                let tag = ordered ? "ol" : "ul"
                return "<\(tag)>" + items.map { "<li>\(inline($0))</li>" }.joined() + "</\(tag)>"
            }
        }.joined(separator: "\n")
    }

    /// The notes as Markdown: the same subset written anew, with text escaped by
    /// `Formatting.markdown`, so the commentary keeps its emphasis, lists and links while
    /// anything else (raw HTML, headings, images) reads as literal text.
    public var markdown: String {
        func inline(_ parts: [Inline]) -> String {
            parts.map { part in
                switch part {
                case .text(let text): return Formatting.markdown(text)
                case .emphasis(let inner): return "*\(inline(inner))*"
                case .strong(let inner): return "**\(inline(inner))**"
                case .code(let text): return "`\(Formatting.visible(text))`"
                case .link(let text, let url):
                    let target = url.replacingOccurrences(of: "(", with: "%28").replacingOccurrences(of: ")", with: "%29")
                    return "[\(inline(text))](\(target))"
                }
            }.joined()
        }
        return blocks.map { block in
            switch block {
            case .paragraph(let parts): return inline(parts)
            case .list(let ordered, let items):
                return items.enumerated().map { "\(ordered ? "\($0.offset + 1)." : "-") \(inline($0.element))" }.joined(separator: "\n")
            }
        }.joined(separator: "\n\n")
    }
}
