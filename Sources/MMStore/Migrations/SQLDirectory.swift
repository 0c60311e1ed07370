import Foundation
import MMDomain

/// Finds the project's `sql/` folder (migrations and metric views), which ships beside the
/// binary rather than inside it so a DBA can read exactly what runs.
public enum SQLDirectory {
    /// `MMADMIN_SQL_DIR` when set; else the first `sql/migrations` found walking up from the
    /// executable's folder, then from the working directory.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> URL {
        if let configured = environment["MMADMIN_SQL_DIR"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let starts = [executable.deletingLastPathComponent(),
                      URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        for start in starts {
            var directory = start.standardizedFileURL
            while true {
                let candidate = directory.appendingPathComponent("sql")
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("migrations").path) {
                    return candidate
                }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        throw MMError(.internalError, "Cannot find mmadmin's sql/ folder.",
                      details: ["Set MMADMIN_SQL_DIR to the sql folder of the mmadmin checkout."])
    }
}
