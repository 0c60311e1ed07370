import Foundation

/// Runs the built `mmadmin` executable as a user would, capturing its output and status.
public enum CommandRunner {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The `mmadmin` binary beside the test bundle in the build folder.
    public static var executable: URL {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // On Linux the tests run from `<build>/debug/mmadminPackageTests.xctest`.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("mmadmin").path),
              directory.path != "/" {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("mmadmin")
    }

    /// Runs `mmadmin arguments…` with `environment` added to a minimal environment (no
    /// `DATABASE_URL` or `PG*` leaking in from the caller), in `directory`. `redirections`
    /// are shell redirections applied to mmadmin (such as `>/dev/full` or `<&-`).
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], input: String? = nil,
        directory: URL? = nil, redirections: String? = nil
    ) throws -> Result {
        let process = Process()
        if let redirections {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "exec \"$0\" \"$@\" \(redirections)", executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        var base = ProcessInfo.processInfo.environment.filter { key, _ in
            !key.hasPrefix("PG") && key != "DATABASE_URL" && !key.hasPrefix("MMADMIN_")
        }
        base["MMADMIN_SQL_DIR"] = TestDatabase.sqlDirectory.path
        process.environment = base.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so neither fills up and blocks the child.
        let errorData = ErrorCollector(err.fileHandleForReading)
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData.wait(), as: UTF8.self))
    }
}

/// Drains a pipe on a background thread.
private final class ErrorCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

/// A suite that runs `mmadmin` against a database of its own.
public protocol CommandLineSuite {
    /// The suite's database.
    var conninfo: String { get }
}

extension CommandLineSuite {
    /// A new migrated database with `roster` imported through the command line as of `asOf`.
    public static func database(roster: String, asOf: String = "2026-10-01") throws -> String {
        let conninfo = try TestDatabase.create()
        let imported = try CommandRunner.run(["import", "roster", "-", "--as-of", asOf, "--database-url", conninfo], input: roster)
        guard imported.status == 0 else { throw TestSetupError("the suite's roster was refused: \(imported.stderr)") }
        return conninfo
    }

    /// Runs `mmadmin arguments…` against the suite's database.
    @discardableResult
    public func mmadmin(_ arguments: [String], input: String? = nil) throws -> CommandRunner.Result {
        try CommandRunner.run(arguments + ["--database-url", conninfo], input: input)
    }
}
