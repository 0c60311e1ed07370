import Crypto
import Foundation
import MMDomain
import MMStore

/// An input file read whole, with its SHA-256 for the import log.
public struct InputFile: Sendable {
    /// The name shown to the user and logged (`-` is standard input).
    public let name: String
    public let data: Data
    public let sha256: String

    public init(name: String, data: Data) {
        self.name = name
        self.data = data
        self.sha256 = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Reads `path`, or standard input when `path` is `-`.
    public static func read(_ path: String) throws -> InputFile {
        if path == "-" {
            return InputFile(name: "-", data: FileHandle.standardInput.readDataToEndOfFile())
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw MMError(.usage, "The file \(path) does not exist.")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MMError(.usage, "The file \(path) cannot be read.")
        }
        return InputFile(name: path, data: data)
    }
}
