import MMCalendar
import Foundation
import MMDomain
import MMReport
import MMStore
import Testing

/// Issue 14's report fixes, measured on rendered text: rates and their changes, the heatmap
/// and its legend, months without data, and the manager's commentary.
@Suite("Report readability: changes, small rates, heatmap, empty months, notes")
struct ReportReadabilityTests {
    static let month = CalendarDate(year: 2026, month: 10, day: 1)!

    /// Thirteen months in which the participation rate moves from 0.32 % to 0.44 % and the
    /// cumulative ties from 5,424 to 5,429; `sessionsNow` sets the report month's sessions.
    static func data(threshold: Int = 5, sessionsNow: Double = 2000, ties: [ReportData.DepartmentTie] = []) -> ReportData {
        var participation: [CalendarDate: ReportData.Row] = [:]
        var network: [CalendarDate: ReportData.Row] = [:]
        for offset in 0..<13 {
            let day = month.addingMonths(-offset)
            participation[day] = ["active_participants": 1300, "sessions": offset == 0 ? sessionsNow : 2000,
                                  "participation_rate": offset == 0 ? 0.0044 : 0.0032, "goal_met_rate": offset == 0 ? 0.424 : 0.412]
            network[day] = ["cumulative_ties": offset == 0 ? 5429 : 5424, "new_ties": 5]
        }
        return ReportData(start: month, participation: participation, network: network, departmentTies: ties,
                          smallGroupThreshold: threshold)
    }

    @Test("small rates keep one decimal; nearly full ones never read 100 %")
    func smallRates() {
        #expect(Formatting.percent(0.0044) == "0.4 %")
        #expect(Formatting.percent(0.0004) == "<0.1 %")
        #expect(Formatting.percent(0.046) == "4.6 %")
        #expect(Formatting.percent(0.412) == "41 %")
        #expect(Formatting.percent(0.996) == "99.6 %")
        #expect(Formatting.percent(1) == "100 %")
        #expect(Formatting.percent(0) == "0 %")
    }

    @Test("a real change is never 'no change'; rates change in percentage points")
    func changes() {
        #expect(Formatting.change(5429, from: 5424) == "+0.1 %")
        #expect(Formatting.change(5424.5, from: 5424) == "+<0.1 %")
        #expect(Formatting.change(5424, from: 5424) == "no change")
        #expect(Formatting.change(90, from: 100) == "−10 %")
        #expect(Formatting.pointChange(0.424, from: 0.412) == "+1.2 pp")
        #expect(Formatting.pointChange(0.0044, from: 0.0032) == "+0.1 pp")
        #expect(Formatting.pointChange(0.41, from: 0.4101) == "−<0.1 pp")
        #expect(Formatting.pointChange(0.41, from: 0.41) == "no change")
        #expect(Formatting.pointChange(0.41, from: nil) == "–")
    }

    @Test("headline rates and their changes as people read them, in Markdown and HTML")
    func headlines() {
        let report = ProgramReport(data: Self.data())
        let markdown = report.render(.markdown)
        #expect(markdown.contains("| Participation rate | 0.4 % | +0.1 pp |"), "\(markdown)")
        #expect(markdown.contains("| Goals met | 42 % | +1.2 pp |"))
        #expect(markdown.contains("| Ties in the network | 5,429 | +0.1 % |"))
        #expect(!markdown.contains("5,429 | no change"))
        #expect(markdown.contains("percentage points (pp)"))
        let html = report.render(.html)
        #expect(html.contains("<div class=\"value\">0.4 %</div>"))
        #expect(html.contains("+1.2 pp vs last month"))
    }

    static let longNames = ["Research & Development Operations Europe", "Customer Success", "IT"]

    @Test("the heatmap is sized to its departments, shows full names and title, and explains <k with the configured k")
    func heatmap() throws {
        let ties: [ReportData.DepartmentTie] = [
            .init(first: Self.longNames[0], second: Self.longNames[1], ties: 12),
            .init(first: Self.longNames[1], second: Self.longNames[2], ties: nil),
            .init(first: Self.longNames[2], second: Self.longNames[2], ties: 3),
        ]
        let title = "New ties between departments, a rather long title for October 2026"
        let svg = SVGHeatmap(title: title, cells: ties, threshold: 7).svg
        #expect(svg.contains(">Research &amp; Development Operations Europe</text>"))
        #expect(svg.contains(title))
        #expect(!svg.contains("…<"), "a truncated name")
        #expect(svg.contains("&lt;7: fewer than 7 people; not shown, to protect their privacy"))
        #expect(!svg.contains("&lt;5"))
        // The drawing grows with the longest name and with the number of departments.
        func width(_ svg: String) throws -> Double {
            let match = try #require(svg.firstMatch(of: /viewBox="0 0 (\d+) (\d+)"/))
            return try #require(Double(match.output.1))
        }
        func height(_ svg: String) throws -> Double {
            let match = try #require(svg.firstMatch(of: /viewBox="0 0 (\d+) (\d+)"/))
            return try #require(Double(match.output.2))
        }
        let longest = Double(Self.longNames[0].count) * 6.3
        #expect(try width(svg) >= longest + 3 * 26)
        #expect(try height(svg) >= longest * sin(55 * .pi / 180) + 3 * 26)
        let short = SVGHeatmap(title: "t", cells: [.init(first: "A", second: "B", ties: 1)], threshold: 5).svg
        #expect(try height(svg) > height(short) + 150)

        let html = ProgramReport(data: Self.data(threshold: 7, ties: ties)).render(.html)
        #expect(html.contains("“&lt;7” stands for a group of fewer than 7 people"))
        #expect(ProgramReport(data: Self.data(threshold: 7)).render(.markdown).contains("“<7” stands for a group of fewer than 7 people"))
    }

    @Test("a month without sessions says so; chart months without data are marked")
    func emptyMonth() {
        let report = ProgramReport(data: Self.data(sessionsNow: 0))
        #expect(report.render(.html).contains("<p class=\"note nodata\">No sessions were recorded in October 2026"))
        #expect(report.render(.markdown).contains("**No sessions were recorded in October 2026"))
        #expect(!ProgramReport(data: Self.data()).render(.html).contains("nodata"))
        let chart = SVGChart(title: "t", labels: ["Jan", "Feb", "Mar"], series: [.init("s", [nil, nil, 3])])
        #expect(chart.emptySlots == [0, 1])
        #expect(chart.svg.contains(">no data</text>"))
        #expect(!SVGChart(title: "t", labels: ["Jan"], series: [.init("s", [0])]).svg.contains("no data"))
    }

    static let hostile = """
        Good month: **more** sessions, *fewer* cancellations, `code <b>`.

        - see [the guide](https://intranet.example/guide?a=1&b=2)
        - <script>alert(1)</script> and <img src=x onerror=alert(2)>
        1. [click](javascript:alert(3)) and [data](data:text/html,<script>alert(4)</script>)
        2. [quote](https://x.example/"onmouseover="alert(5)) # not a heading

        =HYPERLINK("http://evil.example")
        """

    @Test("notes: a Markdown subset becomes HTML; hostile input stays text everywhere")
    func notes() throws {
        let notes = try ManagerNotes(text: Self.hostile)
        let report = ProgramReport(data: Self.data(), notes: notes)
        let html = report.render(.html)
        #expect(html.contains("<section class=\"notes\"><h2>Manager’s commentary</h2>"))
        #expect(html.contains("<strong>more</strong>"))
        #expect(html.contains("<em>fewer</em>"))
        #expect(html.contains("<code>code &lt;b&gt;</code>"))
        #expect(html.contains("<a href=\"https://intranet.example/guide?a=1&amp;b=2\" rel=\"noopener noreferrer\">the guide</a>"))
        #expect(html.contains("<ul><li>"))
        #expect(html.contains("<ol><li>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("href=\"javascript"))
        #expect(!html.contains("href=\"data"))
        #expect(!html.contains("onmouseover=\""))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))

        let markdown = report.render(.markdown)
        #expect(markdown.contains("## Manager’s commentary"))
        #expect(markdown.contains("**more** sessions, *fewer* cancellations"))
        #expect(markdown.contains("- see [the guide](https://intranet.example/guide?a=1&b=2)"))
        #expect(markdown.contains("\\<script\\>alert(1)\\</script\\>"))
        #expect(markdown.contains("\\[click\\](javascript:alert(3))"))
        #expect(markdown.contains("\\# not a heading"))

        #expect(report.render(.csv).contains("2026-10,notes,\"Good month: **more**"))
        let formula = ProgramReport(data: Self.data(), notes: try ManagerNotes(text: "=HYPERLINK(\"http://evil.example\")"))
        #expect(formula.render(.csv).hasSuffix("2026-10,notes,\"'=HYPERLINK(\"\"http://evil.example\"\")\"\r\n"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.render(.json).utf8)) as? [String: Any])
        #expect(json["notes"] as? String == Self.hostile)
        let plain = try JSONSerialization.jsonObject(with: Data(ProgramReport(data: Self.data()).render(.json).utf8)) as? [String: Any]
        #expect(plain?["notes"] == nil)
    }

    @Test("notes: too long is a data error; delimiter floods parse in linear time")
    func notesLimits() throws {
        let tooLong = #expect(throws: MMError.self) {
            try ManagerNotes(text: String(repeating: "a", count: ProgramLimits.reportNotesLength + 1))
        }
        #expect(tooLong?.category == .dataError)
        let binary = #expect(throws: MMError.self) { try ManagerNotes(data: Data([0xFF, 0xFE]), name: "notes.md") }
        #expect(binary?.category == .dataError)
        let started = Date()
        for flood in ["[", "*", "_", "`", "**a", "[a](", "\\"] {
            let notes = try ManagerNotes(text: String(repeating: flood, count: ProgramLimits.reportNotesLength / flood.count))
            #expect(!notes.html.isEmpty)
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }
}
