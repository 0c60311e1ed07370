/// One thing wrong with an input file, located by file line and column.
public struct ImportProblem: Sendable, Equatable, CustomStringConvertible {
    /// The physical line in the file where the record starts (the header is line 1).
    public let line: Int?
    /// The column's header as written in the file.
    public let column: String?
    public let message: String
    /// What would let the file through, when the fix is an option rather than the data.
    public let remedy: Remedy?

    public init(line: Int?, column: String?, message: String, remedy: Remedy? = nil) {
        self.line = line
        self.column = column
        self.message = message
        self.remedy = remedy
    }

    public var description: String {
        var location: [String] = []
        if let line { location.append("line \(line)") }
        if let column { location.append("column \"\(column)\"") }
        return location.isEmpty ? message : "\(location.joined(separator: ", ")): \(message)"
    }
}

/// An import refused because of bad data; nothing was changed.
public struct ImportRejected: Error, Sendable {
    public let file: String
    public let problems: [ImportProblem]

    public init(file: String, problems: [ImportProblem]) {
        self.file = file
        self.problems = problems.sorted { ($0.line ?? 0, $0.column ?? "") < ($1.line ?? 0, $1.column ?? "") }
    }

    /// The summary sentence shown before the list.
    public var message: String {
        "\(file) was not imported: \(problems.count) problem\(problems.count == 1 ? "" : "s") found; the database is unchanged."
    }
}
