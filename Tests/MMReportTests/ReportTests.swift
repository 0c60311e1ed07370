import MMCalendar
import Foundation
import MMReport
import MMStore
import PostgresClient
import Testing

@Suite("Report formatting and charts")
struct ReportTests {
    static let month = CalendarDate(year: 2026, month: 10, day: 1)!

    static func data() -> ReportData {
        var participation: [CalendarDate: ReportData.Row] = [:]
        var network: [CalendarDate: ReportData.Row] = [:]
        for offset in 0..<13 {
            let day = month.addingMonths(-offset)
            participation[day] = ["active_mentees": Double(1000 + (12 - offset) * 20), "active_mentors": 300, "sessions": 2000,
                                  "active_participants": 1300, "goal_met_rate": 0.7, "avg_rating": nil]
            network[day] = ["new_ties": 120, "cross_department_share": 0.41, "cumulative_ties": Double(5000 - offset * 120),
                            "components": 3, "largest_component_share": 0.9]
        }
        return ReportData(start: month, participation: participation, network: network,
                          cohorts: [.init(group: "Autumn <A>", activeParticipants: 20, sessions: 12, averageRating: 4.25, ratedSessions: 10),
                                    .init(group: "Tiny", activeParticipants: nil, sessions: nil, averageRating: nil, ratedSessions: nil)])
    }

    @Test func numbers() {
        #expect(Formatting.number(1_234_567) == "1,234,567")
        #expect(Formatting.number(-1200) == "-1,200")
        #expect(Formatting.number(nil) == "–")
        #expect(Formatting.percent(0.412) == "41 %")
        #expect(Formatting.change(112, from: 100) == "+12 %")
        #expect(Formatting.change(97, from: 100) == "−3 %")
        #expect(Formatting.change(100, from: 100) == "no change")
        #expect(Formatting.change(5, from: 0) == "–")
        #expect(Formatting.html("<b>\"R&D\"</b>") == "&lt;b&gt;&quot;R&amp;D&quot;&lt;/b&gt;")
    }

    @Test("the summary says what moved in plain words")
    func summary() {
        let report = ProgramReport(data: Self.data())
        #expect(report.summary.contains("Active mentees rose 2 % to 1,240."))
        #expect(report.summary.contains("Active mentors held steady at 300."))
        #expect(report.summary.contains("120 new ties formed; 41 % of them crossed departments."))
    }

    @Test("x labels never overlap, and the report month is always labelled", arguments: [3, 12, 24, 60])
    func labels(count: Int) {
        let labels = (0..<count).map { "Month \($0)" }
        let chart = SVGChart(title: "t", labels: labels, series: [.init("s", labels.map { _ in 1 })])
        let shown = chart.visibleLabelIndices
        #expect(shown.last == count - 1)
        let spacing = (chart.width - 52 - 14) / Double(count) // plot width / slots
        for (a, b) in zip(shown, shown.dropFirst()) {
            #expect(Double(b - a) * spacing >= Double("Month 00".count) * SVGChart.characterWidth, "labels \(a) and \(b) overlap")
        }
    }

    @Test("charts are self-contained SVG with escaped text")
    func svg() {
        let chart = SVGChart(title: "Ties <&> trends", labels: ["Jan", "Feb"], series: [.init("R&D", [1, nil])], kind: .bar)
        let svg = chart.svg
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("Ties &lt;&amp;&gt; trends"))
        #expect(svg.contains("R&amp;D"))
        #expect(!svg.contains("<script"))
        #expect(svg.contains("<rect x="))
    }

    @Test("every format renders; HTML has no external resources; JSON keys are stable")
    func formats() throws {
        let report = ProgramReport(data: Self.data())
        let html = report.render(.html)
        #expect(html.contains("<svg"))
        #expect(!html.contains("http://") || !html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http://"))
        #expect(!html.contains("https://"))
        #expect(report.render(.markdown).contains("| Active mentees | 1,240 | +2 % | +24 % |"))
        #expect(report.render(.csv).hasPrefix("month,metric,value\r\n"))
        let json = try JSONSerialization.jsonObject(with: Data(report.render(.json).utf8)) as? [String: Any]
        #expect(json?.keys.sorted() == ["cohort", "cohorts", "department_ties", "departments", "headline", "month", "report", "summary", "trend"])
        #expect(json?["month"] as? String == "2026-10")
        #expect((json?["trend"] as? [Any])?.count == 12)
    }

    @Test("the heatmap shows counts, hides suppressed cells and escapes names")
    func heatmap() {
        let cells = [ReportData.DepartmentTie(first: "R&D", second: "Sales", ties: 12),
                     ReportData.DepartmentTie(first: "Legal", second: "Legal", ties: nil)]
        let svg = SVGHeatmap(title: "Ties", cells: cells, threshold: 5).svg
        #expect(svg.contains("R&amp;D"))
        #expect(svg.contains(">12</text>"))
        #expect(svg.contains("&lt;5"))
        #expect(!svg.contains("<script"))
    }

    @Test("the cohort table shows small cohorts as <k and escapes names")
    func cohortTable() {
        let report = ProgramReport(data: Self.data())
        let html = report.render(.html)
        #expect(html.contains("<td>Autumn &lt;A&gt;</td><td>12</td><td>20</td><td>4.2</td>") || html.contains("<td>4.3</td>"))
        #expect(html.contains("<td>Tiny</td><td>&lt;5</td><td>&lt;5</td><td>&lt;5</td>"))
        #expect(report.render(.markdown).contains("| Tiny | <5 | <5 | <5 |"))
    }

    static let hostileNames = ["<script>alert(1)</script>", "Sales\n# Injected heading\n![x](javascript:alert(1))",
                               "[click](javascript:alert(1))", "a | b", "`code` *bold* _em_ ~~s~~ &amp; \\", "=HYPERLINK(\"x\")"]

    @Test("hostile names cannot inject Markdown: no raw tag, no new line, no link, no extra cell", arguments: hostileNames)
    func markdownEscaping(name: String) throws {
        let data = Self.data()
        let named = ReportData(start: data.start, participation: data.participation, network: data.network,
                          cohorts: [.init(group: name, activeParticipants: 20, sessions: 12, averageRating: 4, ratedSessions: 10)],
                          departments: [.init(group: name, headcount: 40, activeParticipants: 21, participationRate: 0.5,
                                              sessions: 13, averageRating: 4, ratedSessions: 9)])
        let markdown = ProgramReport(data: named).render(.markdown)
        let row = try #require(markdown.split(separator: "\n").first { $0.contains("| 12 | 20 |") })
        // One row, five cell borders: the name added none.
        let escapedPipes = row.components(separatedBy: "\\|").count - 1
        #expect(row.filter { $0 == "|" }.count - escapedPipes == 5, "\(row)")
        // The department table's row: seven borders.
        let department = try #require(markdown.split(separator: "\n").first { $0.contains("| 40 | 21 |") })
        #expect(department.filter { $0 == "|" }.count - (department.components(separatedBy: "\\|").count - 1) == 7, "\(department)")
        // Only backslash-escaped forms may remain.
        #expect(markdown.range(of: #"(?<!\\)<script"#, options: .regularExpression) == nil)
        #expect(markdown.range(of: #"(?<!\\)\]\(javascript"#, options: .regularExpression) == nil)
        #expect(!markdown.contains("\n# Injected"))
        #expect(!row.contains("`code`"))
    }

    @Test("a cohort report's title escapes the cohort's name")
    func markdownTitle() {
        let data = Self.data()
        let cohortData = ReportData(start: data.start, participation: data.participation, network: [:], smallGroupThreshold: 5,
                                    cohort: "<b>Q4</b>\n# x", namedMentors: [])
        let markdown = ProgramReport(data: cohortData).render(.markdown)
        #expect(markdown.hasPrefix("# Micromentoring cohort report: \\<b\\>Q4\\</b\\> \\# x, October 2026\n"))
    }
}

