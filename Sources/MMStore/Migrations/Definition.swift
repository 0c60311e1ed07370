import Foundation

/// One repeatable definition file, `sql/definitions/NNN_description.sql`: the current text of
/// views and functions, applied again (after the migrations) whenever it or an earlier
/// definition file changes. File order is dependency order.
public struct Definition: Sendable, Equatable {
    /// The file name, which is also the name it is recorded under.
    public let fileName: String
    public let sql: String
    /// SHA-256 of the file's bytes, hex-encoded.
    public let checksum: String

    public init(fileName: String, sql: String) {
        self.fileName = fileName
        self.sql = sql
        self.checksum = SQLFile.checksum(sql)
    }

    /// Reads every `NNN_description.sql` in `directory`, in file order. Two files with one
    /// number, or a file not following the pattern, are refused.
    public static func load(from directory: URL) throws -> [Definition] {
        try SQLFile.load(from: directory, kind: "definition", digits: 3).map {
            Definition(fileName: $0.fileName, sql: $0.text)
        }
    }
}
