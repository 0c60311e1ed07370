/// An error meant for the person at the terminal: one clear sentence, optional detail lines
/// (file, line, column, SQLSTATE), what kind of failure it is, and what the user can do about
/// it. The command line decides how a category becomes an exit status and how a remedy is
/// phrased (it alone knows flag and command names).
public struct MMError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is (DESIGN.md's command-line contract gives each its status).
    public enum Category: Sendable, Equatable {
        /// The command was used wrongly.
        case usage
        /// The input data is bad.
        case dataError
        /// An input file cannot be read (missing, closed, a directory).
        case unreadableInput
        /// The database cannot be reached.
        case unavailable
        /// The output cannot be written (a full disk, a closed stream).
        case unwritableOutput
        /// Another process holds the lock; try again later.
        case busy
        /// A bug or an unexpected state.
        case internalError
    }

    public var category: Category
    /// One sentence saying what went wrong.
    public var message: String
    /// Further lines: the file, line and column, SQLSTATE, what was found.
    public var details: [String]
    /// What the user can do next, if there is one thing to suggest.
    public var remedy: Remedy?

    public init(_ category: Category, _ message: String, details: [String] = [], remedy: Remedy? = nil) {
        self.category = category
        self.message = message
        self.details = details
        self.remedy = remedy
    }

    /// The sentence and its details, without the remedy (which needs the command line's words).
    public var description: String {
        ([message] + details.map { "  \($0)" }).joined(separator: "\n")
    }
}
