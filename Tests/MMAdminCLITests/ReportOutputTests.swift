import Foundation
import Testing
import TestSupport

@Suite("report monthly: PDF, notes, a month without sessions")
struct ReportOutputTests: CommandLineSuite {
    let conninfo: String
    let folder: URL

    init() throws {
        conninfo = try Self.database(roster: """
            Employee ID,Email,Department,Manager ID,Employment Status
            E1,ann@acme.test,Exec,,Active
            E2,bo@acme.test,Sales,E1,Active

            """)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for at in ["2026-08-03 10:00", "2026-10-05 10:00"] {
            let logged = try CommandRunner.run(["session", "log", "--mentor", "E1", "--mentee", "E2", "--at", at, "--database-url", conninfo])
            guard logged.status == 0 else { throw TestSetupError(logged.stderr) }
        }
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    @Test("--format pdf needs --output (64); without Chromium it is unavailable (69) and names the package")
    func pdfErrors() throws {
        #expect(try mmadmin(["report", "monthly", "--month", "2026-09", "--format", "pdf"]).status == 64)
        let missing = try CommandRunner.run(["report", "monthly", "--month", "2026-09", "--format", "pdf", "--output", path("r.pdf"),
                                             "--database-url", conninfo],
                                            environment: ["MMADMIN_CHROMIUM": "/nonexistent/chromium"])
        #expect(missing.status == 69)
        #expect(missing.stderr.contains("chromium"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path("r.pdf")))
    }

    @Test("--format pdf writes a PDF (Chromium is installed by scripts/test.sh)")
    func pdf() throws {
        let printed = try mmadmin(["report", "monthly", "--month", "2026-09", "--format", "pdf", "--output", path("r.pdf")])
        #expect(printed.status == 0, "\(printed.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: path("r.pdf")))
        #expect(data.starts(with: Data("%PDF".utf8)))
    }

    @Test("a month without sessions carries a visible note; --notes adds escaped commentary; a missing notes file is 66")
    func notesAndEmptyMonth() throws {
        try "Quiet **September**.\n\n<script>alert(1)</script>\n".write(toFile: path("notes.md"), atomically: true, encoding: .utf8)
        let html = try mmadmin(["report", "monthly", "--month", "2026-09", "--notes", path("notes.md")])
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout.contains("No sessions were recorded in September 2026"))
        #expect(html.stdout.contains("<p>Quiet <strong>September</strong>.</p>"))
        #expect(html.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.stdout.contains("<script>"))
        let markdown = try mmadmin(["report", "monthly", "--month", "2026-09", "--format", "markdown", "--notes", path("notes.md")])
        #expect(markdown.stdout.contains("Quiet **September**."))
        #expect(markdown.stdout.contains("\\<script\\>"))
        #expect(try mmadmin(["report", "monthly", "--month", "2026-09", "--notes", path("missing.md")]).status == 66)
        #expect(!(try mmadmin(["report", "monthly", "--month", "2026-10"]).stdout.contains("No sessions were recorded")))
    }
}
