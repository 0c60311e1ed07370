import Foundation
import MMDomain

/// Finds the project's `sql/` folder (migrations and metric views), which ships beside the
/// binary rather than inside it so a DBA can read exactly what runs.
public enum SQLDirectory {
    /// Where an installed binary's SQL lives, relative to the folder of the executable:
    /// `PREFIX/bin/mmadmin` reads `PREFIX/share/mmadmin/sql` (what `scripts/install.sh` lays out).
    public static let installedRelativePath = "../share/mmadmin/sql"

    /// `MMADMIN_SQL_DIR` when set; else `../share/mmadmin/sql` next to the executable's folder
    /// (an installed binary); else the first `sql/migrations` found walking up from the
    /// executable's folder (a build in a checkout), then from the working directory.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: URL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath(),
                              workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws -> URL {
        if let configured = environment["MMADMIN_SQL_DIR"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        let binFolder = executable.deletingLastPathComponent()
        let installed = binFolder.appendingPathComponent(installedRelativePath).standardizedFileURL
        if isSQLFolder(installed) { return installed }
        for start in [binFolder, workingDirectory] {
            var directory = start.standardizedFileURL
            while true {
                let candidate = directory.appendingPathComponent("sql")
                if isSQLFolder(candidate) { return candidate }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        throw MMError(.internalError, "Cannot find mmadmin's sql/ folder.",
                      details: ["Looked in \(installed.path) and in every sql/ folder above \(binFolder.path) and the working directory.",
                                "Set MMADMIN_SQL_DIR to the sql folder of the mmadmin checkout or installation."])
    }

    /// A folder with a `migrations` folder inside.
    static func isSQLFolder(_ candidate: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: candidate.appendingPathComponent("migrations").path, isDirectory: &isDirectory)
            && isDirectory.boolValue
    }
}
