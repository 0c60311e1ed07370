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

    public init(version: Int, name: String, fileName: String, sql: String) {
        self.version = version
        self.name = name
        self.fileName = fileName
        self.sql = sql
        self.checksum = SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Reads every `NNNN_description.sql` in `directory`, ordered by version. Two files with one
    /// version, or a file not following the pattern, are refused.
    public static func load(from directory: URL) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw MMError(.internalError, "Cannot read the migrations folder \(directory.path).")
        }
        var migrations: [Migration] = []
        for fileName in names.sorted() where fileName.hasSuffix(".sql") {
            let stem = fileName.dropLast(4)
            let parts = stem.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, parts[0].count == 4, let version = Int(parts[0]) else {
                throw MMError(.internalError, "The migration file \(fileName) is not named NNNN_description.sql.")
            }
            let url = directory.appendingPathComponent(fileName)
            guard let data = FileManager.default.contents(atPath: url.path),
                  let text = String(data: data, encoding: .utf8) else {
                throw MMError(.internalError, "Cannot read the migration file \(url.path) as UTF-8.")
            }
            if let previous = migrations.last, previous.version == version {
                throw MMError(.internalError, "Two migration files share version \(version).",
                              details: [previous.fileName, fileName])
            }
            migrations.append(Migration(version: version, name: String(parts[1]), fileName: fileName, sql: text))
        }
        return migrations
    }
}
