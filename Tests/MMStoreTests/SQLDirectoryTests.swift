import Foundation
import MMDomain
import MMStore
import Testing

@Suite("Where mmadmin finds its sql/ folder")
struct SQLDirectoryTests {
    /// A fresh folder under the temporary directory, removed by the caller.
    static func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mmadmin-sqldir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func makeSQLFolder(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url.appendingPathComponent("migrations"), withIntermediateDirectories: true)
    }

    @Test("an installed binary reads PREFIX/share/mmadmin/sql, whatever the working directory")
    func installedLayout() throws {
        let prefix = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: prefix) }
        try Self.makeSQLFolder(prefix.appendingPathComponent("share/mmadmin/sql"))
        let found = try SQLDirectory.locate(environment: [:], executable: prefix.appendingPathComponent("bin/mmadmin"),
                                            workingDirectory: URL(fileURLWithPath: "/"))
        #expect(found.resolvingSymlinksInPath().path == prefix.appendingPathComponent("share/mmadmin/sql").resolvingSymlinksInPath().path)
    }

    @Test("MMADMIN_SQL_DIR wins; a checkout is found by walking up from the executable")
    func overrideAndCheckout() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.makeSQLFolder(root.appendingPathComponent("sql"))
        let executable = root.appendingPathComponent(".build/debug/mmadmin")
        #expect(try SQLDirectory.locate(environment: ["MMADMIN_SQL_DIR": "/elsewhere"], executable: executable).path == "/elsewhere")
        let walked = try SQLDirectory.locate(environment: [:], executable: executable, workingDirectory: URL(fileURLWithPath: "/"))
        #expect(walked.path == root.appendingPathComponent("sql").standardizedFileURL.path)
    }

    @Test("nothing found: an error naming MMADMIN_SQL_DIR")
    func missing() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let error = #expect(throws: MMError.self) {
            try SQLDirectory.locate(environment: [:], executable: root.appendingPathComponent("bin/mmadmin"), workingDirectory: root)
        }
        #expect(error?.description.contains("MMADMIN_SQL_DIR") == true)
    }
}
