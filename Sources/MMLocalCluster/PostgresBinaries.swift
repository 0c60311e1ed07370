import Foundation
import MMDomain

/// Finds the installed PostgreSQL server programs (`initdb`, `pg_ctl`).
public struct PostgresBinaries: Sendable {
    public let directory: String

    public var initdb: String { directory + "/initdb" }
    public var pgCtl: String { directory + "/pg_ctl" }

    /// Looks in `MMADMIN_PG_BINDIR`, then `pg_config --bindir`, then Debian's
    /// `/usr/lib/postgresql/<version>/bin` (newest first).
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PostgresBinaries {
        var candidates: [String] = []
        if let configured = environment["MMADMIN_PG_BINDIR"], !configured.isEmpty {
            candidates.append(configured)
        }
        for pgConfig in ["/usr/bin/pg_config", "/usr/local/bin/pg_config"]
        where FileManager.default.isExecutableFile(atPath: pgConfig) {
            if let outcome = try? ProcessRunner.run(pgConfig, ["--bindir"]), outcome.status == 0 {
                candidates.append(outcome.output.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        let debianRoot = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: debianRoot)) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            candidates.append("\(debianRoot)/\(version)/bin")
        }
        for directory in candidates where FileManager.default.isExecutableFile(atPath: directory + "/initdb") {
            return PostgresBinaries(directory: directory)
        }
        throw MMError(
            .unavailable, "The PostgreSQL server programs (initdb, pg_ctl) are not installed.",
            details: ["Install them with: apt-get install -y postgresql", "or set MMADMIN_PG_BINDIR to their folder."])
    }
}
