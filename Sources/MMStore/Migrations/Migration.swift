import Crypto
import MMDomain
import Foundation

/// One migration file, `sql/migrations/NNNN_description.sql`.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let fileName: String
    public let sql: String
    /// SHA-256 of the file's bytes, hex-encoded.
    public let checksum: String
    /// The checksum of the text this file had when databases applied it, for a migration whose
    /// views and functions moved to `sql/definitions` (its first line says
    /// `-- mmadmin: supersedes sha256 HEX`). Such a database counts it as applied: what the old
    /// text created, the definitions now own and re-create.
    public let supersededChecksum: String?

    public init(version: Int, name: String, fileName: String, sql: String) {
        self.version = version
        self.name = name
        self.fileName = fileName
        self.sql = sql
        self.checksum = SQLFile.checksum(sql)
        let marker = "-- mmadmin: supersedes sha256 "
        let firstLine = sql.prefix { $0 != "\n" }
        supersededChecksum = firstLine.hasPrefix(marker) ? String(firstLine.dropFirst(marker.count)) : nil
    }

    /// Whether a database that recorded `checksum` for this version has applied this file.
    func isApplied(asRecorded checksum: String) -> Bool {
        checksum == self.checksum || checksum == supersededChecksum
    }

    /// Reads every `NNNN_description.sql` in `directory`, ordered by version. Two files with one
    /// version, or a file not following the pattern, are refused.
    public static func load(from directory: URL) throws -> [Migration] {
        try SQLFile.load(from: directory, kind: "migration", digits: 4).map {
            Migration(version: $0.number, name: $0.description, fileName: $0.fileName, sql: $0.text)
        }
    }
}

/// A numbered SQL file of `sql/migrations` or `sql/definitions`.
struct SQLFile {
    let number: Int
    let description: String
    let fileName: String
    let text: String

    /// SHA-256 of `text`'s UTF-8 bytes, hex-encoded.
    static func checksum(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Every `.sql` file of `directory`, which must be named with `digits` digits, an underscore
    /// and a description, in number order; `kind` names the files in errors.
    static func load(from directory: URL, kind: String, digits: Int) throws -> [SQLFile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw MMError(.internalError, "Cannot read the \(kind)s folder \(directory.path).")
        }
        var files: [SQLFile] = []
        for fileName in names.sorted() where fileName.hasSuffix(".sql") {
            let parts = fileName.dropLast(4).split(separator: "_", maxSplits: 1)
            guard parts.count == 2, parts[0].count == digits, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
                  let number = Int(parts[0]) else {
                throw MMError(.internalError, "The \(kind) file \(fileName) is not named \(String(repeating: "N", count: digits))_description.sql.")
            }
            let url = directory.appendingPathComponent(fileName)
            guard let data = FileManager.default.contents(atPath: url.path),
                  let text = String(data: data, encoding: .utf8) else {
                throw MMError(.internalError, "Cannot read the \(kind) file \(url.path) as UTF-8.")
            }
            if let previous = files.last, previous.number == number {
                throw MMError(.internalError, "Two \(kind) files share the number \(parts[0]).",
                              details: [previous.fileName, fileName])
            }
            files.append(SQLFile(number: number, description: String(parts[1]), fileName: fileName, text: text))
        }
        return files
    }
}
