import Foundation
import Testing
import TestSupport

/// Names and texts an attacker (or a careless export) could put in the data, shown through
/// every command that prints data, in every format: stored exactly, never interpreted.
@Suite("Hostile values in every output")
struct HostileValuesTests: CommandLineSuite {
    let conninfo: String

    /// Values that would run as markup, a formula, a terminal escape or a bidi override.
    static let given = "<script>alert(1)</script>"
    static let family = "=HYPERLINK(\"http://x\")"
    static let department = "R&D\u{1B}[2J\u{202E}evil"
    static let cohort = "Q4 | ![x](javascript:alert(1))\n# Heading"

    init() throws {
        conninfo = try TestDatabase.create()
        let roster = """
            Employee ID,Email,First Name,Last Name,Department,Manager ID,Employment Status
            E1,ann@acme.test,"\(Self.given)","\(Self.family.replacingOccurrences(of: "\"", with: "\"\""))","\(Self.department)",,Active
            E2,bo@acme.test,Bo,Berg,Sales,E1,Active

            """
        let imported = try mmadmin(["import", "roster", "-", "--as-of", "2026-01-01"], input: roster)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try mmadmin(["cohort", "create", Self.cohort, "--starts", "2026-01-01", "--ends", "2026-12-31"]).status == 0)
        #expect(try mmadmin(["cohort", "enroll", Self.cohort, "--mentors", "E1", "--mentees", "E2", "--on", "2026-01-01"]).status == 0)
        #expect(try mmadmin(["mentor", "set", "E1", "--topics", Self.given]).status == 0)
        #expect(try mmadmin(["session", "log", "--mentor", "E1", "--mentee", "E2", "--at", "2026-09-03 10:00",
                             "--cohort", Self.cohort, "--topic", Self.given]).status == 0)
    }

    /// Nothing a terminal would act on: no escape, no bidi override, no line inside a row.
    static func safeForTerminal(_ text: String) -> Bool {
        !text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" }
    }

    @Test("aligned tables show one line per row and nothing a terminal acts on",
          arguments: [["employees", "list"], ["employees", "show", "E1"], ["cohort", "list"], ["cohort", "show", "Q4 | ![x](javascript:alert(1))\n# Heading"],
                      ["session", "list"], ["mentor", "list"], ["match", "suggest", "--mentee", "E2", "--on", "2026-10-01"]])
    func tables(command: [String]) throws {
        let result = try mmadmin(command)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.safeForTerminal(result.stdout))
        #expect(!result.stdout.contains("\n# Heading"))
    }

    @Test("CSV defuses formulas and JSON keeps every value exactly")
    func csvAndJSON() throws {
        let csv = try mmadmin(["employees", "list", "--format", "csv"]).stdout
        #expect(csv.contains("'=HYPERLINK"))
        let json = try mmadmin(["employees", "list", "--format", "json"]).stdout
        let people = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let ann = try #require(people.first { $0["employee_id"] as? String == "E1" })
        #expect(ann["given_name"] as? String == Self.given)
        #expect(ann["family_name"] as? String == Self.family)
        #expect(ann["department"] as? String == Self.department)
        let cohorts = try mmadmin(["cohort", "list", "--format", "json"]).stdout
        #expect((try JSONSerialization.jsonObject(with: Data(cohorts.utf8)) as? [[String: Any]])?.first?["name"] as? String == Self.cohort)
    }

    @Test("reports: no raw tag, link or heading from a name, in HTML and Markdown, named or not",
          arguments: [["--format", "html"], ["--format", "markdown"], ["--format", "markdown", "--include-names"],
                      ["--format", "html", "--include-names"]])
    func reports(options: [String]) throws {
        for scope in [[], ["--cohort", Self.cohort]] {
            let report = try mmadmin(["report", "monthly", "--month", "2026-09"] + scope + options)
            #expect(report.status == 0, "\(report.stderr)")
            let text = report.stdout
            #expect(text.range(of: #"(?<!\\)<script>alert"#, options: .regularExpression) == nil)
            if options.contains("markdown") {
                #expect(text.range(of: #"(?<!\\)\]\(javascript"#, options: .regularExpression) == nil)
            } else {
                #expect(!text.lowercased().contains("href=\"javascript"))
            }
            #expect(!text.contains("\n# Heading"))
            #expect(Self.safeForTerminal(text))
        }
    }
}
