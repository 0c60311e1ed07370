import Crypto
import Foundation
import MMDomain

#if canImport(Glibc)
import Glibc
#endif

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

    /// Reads `path`, or standard input when `path` is `-`, as a stream: pipes, FIFOs and
    /// process substitutions (`<(…)`) work like regular files. A file that cannot be read, a
    /// folder, or a closed standard input is an unreadable-input error, never a crash.
    public static func read(_ path: String) throws -> InputFile {
        let isStandardInput = path == "-"
        let name = isStandardInput ? "standard input" : path
        let descriptor = isStandardInput ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw unreadable(name, errno) }
        defer { if !isStandardInput { close(descriptor) } }
        var status = stat()
        if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
            throw MMError(.unreadableInput, "\(name) is a folder, not a file.")
        }
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw unreadable(name, errno)
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return InputFile(name: path, data: Data(bytes))
    }

    private static func unreadable(_ name: String, _ code: Int32) -> MMError {
        switch code {
        case ENOENT: return MMError(.unreadableInput, "The file \(name) does not exist.")
        case EBADF: return MMError(.unreadableInput, "\(name.prefix(1).uppercased() + name.dropFirst()) cannot be read: it is closed.")
        default: return MMError(.unreadableInput, "\(name.prefix(1).uppercased() + name.dropFirst()) cannot be read.",
                                details: [String(cString: strerror(code))])
        }
    }
}
