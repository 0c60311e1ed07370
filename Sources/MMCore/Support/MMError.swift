import Foundation
/// An error meant for the person at the terminal: one clear sentence, optional detail lines,
/// and the category that decides the exit status (DESIGN.md's command-line contract).
public struct MMError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; each maps to one exit status.
    public enum Category: Sendable, Equatable {
        /// The command was used wrongly (exit 64).
        case usage
        /// The input data is bad (exit 65).
        case dataError
        /// The database cannot be reached (exit 69).
        case unavailable
        /// Another process holds the lock; try again later (exit 75).
        case busy
        /// A bug or an unexpected state (exit 70).
        case internalError
    }

    public var category: Category
    /// One sentence saying what went wrong.
    public var message: String
    /// Further lines: the file, line and column, SQLSTATE, what to do next.
    public var details: [String]

    public init(_ category: Category, _ message: String, details: [String] = []) {
        self.category = category
        self.message = message
        self.details = details
    }

    /// The process exit status for this error (sysexits.h values).
    public var exitCode: Int32 {
        switch category {
        case .usage: return 64
        case .dataError: return 65
        case .unavailable: return 69
        case .busy: return 75
        case .internalError: return 70
        }
    }

    public var description: String {
        ([message] + details.map { "  \($0)" }).joined(separator: "\n")
    }
}
