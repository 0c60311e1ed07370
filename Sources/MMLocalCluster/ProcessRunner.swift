import Foundation
import MMDomain

#if canImport(Glibc)
import Glibc
#endif

/// Runs external programs (the PostgreSQL server tools) and captures their output.
///
/// Uses `posix_spawn` and `waitpid` directly rather than Foundation's `Process`: a server
/// started by `pg_ctl` outlives the command and inherits descriptors, and `Process` waits for
/// every holder of its internal descriptors to exit, which never happens for a daemon.
public enum ProcessRunner {
    /// What a finished program left behind.
    public struct Outcome: Sendable {
        public let status: Int32
        public let output: String
    }

    /// Runs `executable` with `arguments`, optionally as another OS user (through `runuser`,
    /// needed because PostgreSQL refuses to run as root). Standard output and error are merged.
    public static func run(_ executable: String, _ arguments: [String], asUser user: String? = nil) throws -> Outcome {
        let argv = user.map { ["/usr/sbin/runuser", "-u", $0, "--", executable] } ?? [executable]
        let fullArguments = argv + arguments
        let outputPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("mmadmin-\(UUID().uuidString).out").path
        defer { unlink(outputPath) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let cArguments: [UnsafeMutablePointer<CChar>?] = fullArguments.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid = pid_t()
        let spawnStatus = posix_spawn(&pid, fullArguments[0], &actions, nil, cArguments, environ)
        guard spawnStatus == 0 else {
            throw MMError(.internalError, "Could not run \(fullArguments[0]).",
                          details: [String(cString: strerror(spawnStatus))])
        }
        var waitStatus: Int32 = 0
        while waitpid(pid, &waitStatus, 0) == -1 {
            guard errno == EINTR else {
                throw MMError(.internalError, "Lost track of \(executable) while waiting for it.")
            }
        }
        // WIFEXITED / WEXITSTATUS are macros Swift does not import.
        let exited = (waitStatus & 0x7f) == 0
        let status = exited ? (waitStatus >> 8) & 0xff : 128 + (waitStatus & 0x7f)
        let data = FileManager.default.contents(atPath: outputPath) ?? Data()
        return Outcome(status: status, output: String(decoding: data, as: UTF8.self))
    }

    /// Whether the current process runs as root.
    public static var isRoot: Bool { geteuid() == 0 }
}
