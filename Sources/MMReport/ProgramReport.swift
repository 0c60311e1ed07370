import MMDomain
import MMCalendar
import MMStore
import Foundation
import PostgresClient

/// The monthly or quarterly program report in its formats. Everything comes from `ReportData`, so
/// every figure is the figure in SQL; nothing names a person.
public struct ProgramReport {
    public enum Format: String, CaseIterable, Sendable {
        /// `pdf` renders the HTML document, whose print styles lay it out for A4; `PDFPrinter`
        /// turns it into a PDF.
        case html, markdown, csv, json, pdf
    }

    /// A headline figure: how it is shown and where it comes from.
    struct Headline {
        enum Style { case count, percent, decimal }
        let key: String
        let label: String
        let style: Style
    }

    static let headlines = [
        Headline(key: "active_participants", label: "Active participants", style: .count),
        Headline(key: "active_mentees", label: "Active mentees", style: .count),
        Headline(key: "active_mentors", label: "Active mentors", style: .count),
        Headline(key: "sessions", label: "Sessions", style: .count),
        Headline(key: "mentoring_minutes", label: "Mentoring minutes", style: .count),
        Headline(key: "new_participants", label: "New participants", style: .count),
        Headline(key: "participation_rate", label: "Participation rate", style: .percent),
        Headline(key: "retention_rate", label: "Retention from last month", style: .percent),
        Headline(key: "completion_rate", label: "Sessions held as planned", style: .percent),
        Headline(key: "avg_rating", label: "Average rating (1–5)", style: .decimal),
        Headline(key: "goal_met_rate", label: "Goals met", style: .percent),
        Headline(key: "new_ties", label: "New ties", style: .count),
        Headline(key: "cumulative_ties", label: "Ties in the network", style: .count),
        Headline(key: "cross_department_share", label: "New ties across departments", style: .percent),
        Headline(key: "mean_two_hop_reach", label: "People within two hops (mean)", style: .decimal),
    ]

    public let data: ReportData
    /// The manager's commentary, when given (`--notes`).
    public let notes: ManagerNotes?

    public init(data: ReportData, notes: ManagerNotes? = nil) {
        self.data = data
        self.notes = notes
    }

    var start: CalendarDate { data.start }
    var period: ReportPeriod { data.period }
    /// "September 2026" or "Q3 2026".
    var periodName: String { period.name(start) }

    /// The headline figures this report has: all of them, or a cohort's participation figures.
    var shownHeadlines: [Headline] {
        let shown = data.cohort == nil && period == .month ? Self.headlines
            : Self.headlines.filter { ReportData.participationColumns.contains($0.key) }
        return shown.map {
            $0.key == "retention_rate" ? Headline(key: $0.key, label: "Retention from last \(period.noun)", style: $0.style) : $0
        }
    }

    var title: String {
        if let cohort = data.cohort { return "Micromentoring cohort report: \(cohort), \(periodName)" }
        return "Micromentoring program report: \(periodName)"
    }

    /// The relations the figures come from.
    var sources: [String] {
        switch (period, data.cohort) {
        case (.month, nil): return ["mm_metrics.participation_monthly", "mm_metrics.network_monthly", "mm_metrics.participation_by_department",
                                   "mm_metrics.topic_demand_monthly", "mm_metrics.mentor_load_monthly", "mm_metrics.format_feedback_monthly",
                                   "mm_metrics.rating_distribution_monthly", "mm_metrics.time_to_first_session_monthly"]
        case (.month, _): return ["mm_metrics.participation_by_cohort"]
        case (.quarter, nil): return ["mm_metrics.participation_quarterly", "mm_metrics.participation_quarterly_by_department"]
        case (.quarter, _): return ["mm_metrics.participation_quarterly_by_cohort"]
        }
    }

    /// The report's tables besides the headline figures: cohorts, and mentors by name when asked for.
    var tables: [(title: String, header: [String], rows: [[String]], cssClass: String?)] {
        var result: [(title: String, header: [String], rows: [[String]], cssClass: String?)] = []
        if !departmentRows.isEmpty {
            result.append(("Participation by department in \(periodName)", Self.departmentHeader, departmentRows, nil))
        }
        if !cohortRows.isEmpty { result.append(("Cohorts in \(periodName)", Self.cohortHeader, cohortRows, nil)) }
        if !mentorRows.isEmpty { result.append(("Busiest mentors in \(periodName)", Self.mentorHeader, mentorRows, "names")) }
        return result
    }
    /// "a", "a and b", "a, b and c".
    static func list(_ items: [String]) -> String {
        items.count <= 2 ? items.joined(separator: " and ") : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    /// "Where guidance is needed" (monthly reports of the whole program).
    var guidance: GuidanceSection? {
        data.guidance.map { GuidanceSection(guidance: $0, threshold: data.smallGroupThreshold, periodName: periodName) }
    }

    var previous: CalendarDate { period.adding(-1, to: start) }
    var lastYear: CalendarDate { start.addingMonths(-12) }

    func show(_ value: Double?, _ style: Headline.Style) -> String {
        if value == nil && data.isSuppressed { return "<\(data.smallGroupThreshold)" }
        switch style {
        case .count: return Formatting.number(value)
        case .percent: return Formatting.percent(value)
        case .decimal: return value.map { String(format: "%.1f", $0) } ?? "–"
        }
    }

    /// The change of a headline figure since `other`: percentage points for rates ("+1.2 pp"),
    /// the relative change for counts and means.
    func change(_ headline: Headline, since other: CalendarDate) -> String {
        let now = data.value(headline.key, start), then = data.value(headline.key, other)
        return headline.style == .percent ? Formatting.pointChange(now, from: then) : Formatting.change(now, from: then)
    }

    /// What "<k" means, for every report (the threshold is the database's setting).
    var privacyNote: String {
        let k = data.smallGroupThreshold
        return "“<\(k)” stands for a group of fewer than \(k) people: its figures are not shown, to protect their privacy."
    }

    /// A note for a report month without sessions, whose figures are all zero.
    var noDataNote: String? {
        guard !data.isSuppressed, data.value("sessions", start) ?? 0 == 0 else { return nil }
        return "No sessions were recorded in \(periodName)\(data.cohort.map { " for \($0)" } ?? ""): "
            + "its figures are zero or empty, and changes compare with nothing."
    }

    /// Plain-language sentences about what moved.
    public var summary: [String] {
        if data.isSuppressed, let cohort = data.cohort {
            return ["Fewer than \(data.smallGroupThreshold) people took part in \(cohort) in \(periodName), "
                    + "so its figures are not shown."]
        }
        var sentences: [String] = []
        for key in ["active_mentees", "active_mentors", "sessions"] {
            guard let headline = Self.headlines.first(where: { $0.key == key }),
                  let now = data.value(key, start) else { continue }
            let name = headline.label
            if let before = data.value(key, previous), before > 0 {
                if now == before {
                    sentences.append("\(name) held steady at \(Formatting.number(now)).")
                } else {
                    // The unsigned relative change: "2 %", "0.1 %", "<0.1 %".
                    let size = Formatting.change(now, from: before).dropFirst()
                    sentences.append("\(name) \(now > before ? "rose" : "fell") \(size) to \(Formatting.number(now)).")
                }
            } else {
                sentences.append("\(name): \(Formatting.number(now)).")
            }
        }
        if let ties = data.value("new_ties", start), ties > 0 {
            let share = data.value("cross_department_share", start)
            sentences.append("\(Formatting.number(ties)) new ties formed; \(Formatting.percent(share)) of them crossed departments.")
        }
        if let components = data.value("components", start), let largest = data.value("largest_component_share", start) {
            sentences.append("The network has \(Formatting.number(components)) connected group\(components == 1 ? "" : "s"); "
                             + "the largest holds \(Formatting.percent(largest)) of the people in it.")
        }
        if data.cohort == nil, let sentence = yearToDateSentence { sentences.append(sentence) }
        return sentences
    }

    public func render(_ format: Format) -> String {
        switch format {
        case .html, .pdf: return html()
        case .markdown: return markdown()
        case .csv: return csv()
        case .json: return json()
        }
    }

    /// The report as a PDF, printed from its HTML by `printer` (headless Chromium).
    public func pdf(with printer: PDFPrinter) throws(MMError) -> Data {
        try printer.print(html: html())
    }

    /// The cohort table's rows as text; hidden figures read "<k".
    var cohortRows: [[String]] {
        data.cohorts.map { GroupRows.cohortRow($0, threshold: data.smallGroupThreshold) }
    }

    /// The department table's rows, highest participation rate first, hidden groups last.
    var departmentRows: [[String]] {
        GroupRows.byParticipationRate(data.departments).map { GroupRows.departmentRow($0, threshold: data.smallGroupThreshold) }
    }

    static let departmentHeader = GroupRows.departmentHeader

    /// The year-to-date figures shown (`ReportStore.yearToDate`), in a fixed order.
    var yearToDateFigures: [(String, Double)] {
        guard let row = data.yearToDate else { return [] }
        return ReportData.participationColumns.compactMap { column in row[column].flatMap { $0 }.map { (column, $0) } }
    }

    /// One sentence on the year so far, through the report period's last month.
    var yearToDateSentence: String? {
        guard let row = data.yearToDate, let sessions = row["sessions"].flatMap({ $0 }),
              let people = row["active_participants"].flatMap({ $0 }) else { return nil }
        let last = period.lastMonth(of: start)
        let span = last.month == 1 ? last.monthName : "January–\(last.monthName)"
        var sentence = "Year to date (\(span)): \(Formatting.number(sessions)) sessions with \(Formatting.number(people)) people"
        if let rate = row["participation_rate"].flatMap({ $0 }) { sentence += " (\(Formatting.percent(rate)) of staff)" }
        if let rating = row["avg_rating"].flatMap({ $0 }) { sentence += ", rated \(String(format: "%.1f", rating)) on average" }
        return sentence + "."
    }

    static let cohortHeader = GroupRows.cohortHeader

    /// The named mentors' rows as text (only when names were asked for).
    var mentorRows: [[String]] {
        data.namedMentors.map {
            [$0.name, $0.department ?? "–", Formatting.number(Double($0.sessions)), $0.averageRating.map { String(format: "%.1f", $0) } ?? "–"]
        }
    }

    static let mentorHeader = ["Mentor", "Department", "Sessions", "Average rating"]

    // MARK: - Markdown

    func markdown() -> String {
        let escape = Formatting.markdown
        var out = "# \(escape(title))\n\n"
        if let note = noDataNote { out += "**\(escape(note))**\n\n" }
        for sentence in summary { out += "- \(escape(sentence))\n" }
        if let notes, !notes.blocks.isEmpty { out += "\n## Manager’s commentary\n\n\(notes.markdown)\n" }
        out += "\n| Figure | \(period.text(start)) | vs \(period.text(previous)) | vs \(period.text(lastYear)) |\n|---|---:|---:|---:|\n"
        for headline in shownHeadlines {
            let now = data.value(headline.key, start)
            out += "| \(escape(headline.label)) | \(show(now, headline.style)) | \(change(headline, since: previous)) "
                + "| \(change(headline, since: lastYear)) |\n"
        }
        for table in tables {
            // Text columns (the first, and a department) align left, figures right.
            let alignment = table.header.map { $0 == table.header[0] || $0 == "Department" ? "---" : "---:" }
            out += "\n| " + table.header.map(escape).joined(separator: " | ") + " |\n|" + alignment.joined(separator: "|") + "|\n"
            for row in table.rows {
                out += "| " + row.map(escape).joined(separator: " | ") + " |\n"
            }
        }
        if let guidance {
            out += "\n## \(GuidanceSection.heading)\n"
            for table in guidance.tables {
                let alignment = table.header.enumerated().map { $0.offset == 0 ? "---" : "---:" }
                out += "\n### \(escape(table.title))\n\n| " + table.header.map(escape).joined(separator: " | ") + " |\n|"
                    + alignment.joined(separator: "|") + "|\n"
                for row in table.rows { out += "| " + row.map(escape).joined(separator: " | ") + " |\n" }
            }
        }
        out += "\nFigures come from \(Self.list(sources.map { "`\($0)`" })); periods are calendar \(period.noun)s in UTC. "
            + "Changes of rates are in percentage points (pp). \(escape(privacyNote))\n"
        return out
    }

    // MARK: - CSV (long format: one figure per line)

    func csv() -> String {
        var out = "\(period.noun),metric,value\r\n"
        for day in data.trailingPeriods(period.covered) {
            for column in ReportData.participationColumns + ReportData.networkColumns {
                guard let value = data.value(column, day) else { continue }
                out += "\(period.text(day)),\(column),\(Formatting.plain(value))\r\n"
            }
        }
        for (column, value) in yearToDateFigures {
            out += "\(period.text(start)),year_to_date.\(column),\(Formatting.plain(value))\r\n"
        }
        for group in data.departments {
            for (column, value) in GroupRows.figures(group) {
                out += "\(period.text(start)),\(CSVText.field(CSVText.defused("department[\(group.group)].\(column)"))),\(Formatting.plain(value))\r\n"
            }
        }
        for (metric, value) in guidance?.csvFigures ?? [] {
            out += "\(period.text(start)),\(CSVText.field(CSVText.defused(metric))),\(Formatting.plain(value))\r\n"
        }
        if let notes { out += "\(period.text(start)),notes,\(CSVText.field(CSVText.defused(notes.text)))\r\n" }
        return out
    }

    // MARK: - JSON (stable keys)

    func json() -> String {
        var headline: [[String: Any]] = []
        for item in shownHeadlines {
            headline.append([
                "key": item.key, "label": item.label,
                "value": data.value(item.key, start) as Any? ?? NSNull(),
                "previous_\(period.noun)": data.value(item.key, previous) as Any? ?? NSNull(),
                "same_\(period.noun)_last_year": data.value(item.key, lastYear) as Any? ?? NSNull(),
            ])
        }
        var trend: [[String: Any]] = []
        for day in data.trailingPeriods(period.covered - 1) {
            var row: [String: Any] = [period.noun: period.text(day)]
            for column in ReportData.participationColumns + ReportData.networkColumns {
                row[column] = data.value(column, day) as Any? ?? NSNull()
            }
            trend.append(row)
        }
        let cohorts = data.cohorts.map { GroupRows.json($0, key: "cohort") }
        let ties: [[String: Any]] = data.departmentTies.map {
            ["department_a": $0.first, "department_b": $0.second, "new_ties": $0.ties as Any? ?? NSNull()]
        }
        var document: [String: Any] = ["report": period == .month ? "monthly" : "quarterly", period.noun: period.text(start),
                                       "cohort": data.cohort as Any? ?? NSNull(), "summary": summary,
                                       "headline": headline, "trend": trend, "department_ties": ties, "cohorts": cohorts,
                                       "departments": data.departments.map { GroupRows.json($0, key: "department") }]
        if data.yearToDate != nil {
            document["year_to_date"] = Dictionary(uniqueKeysWithValues: yearToDateFigures.map { ($0.0, $0.1 as Any) })
        }
        if let notes { document["notes"] = notes.text }
        if let guidance { document["guidance"] = guidance.json }
        if !data.namedMentors.isEmpty {
            document["mentors"] = data.namedMentors.map {
                ["name": $0.name, "department": $0.department as Any? ?? NSNull(), "sessions": $0.sessions,
                 "avg_rating": $0.averageRating as Any? ?? NSNull()] as [String: Any]
            }
        }
        let encoded = (try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: encoded, as: UTF8.self) + "\n"
    }

    // MARK: - HTML

    func charts() -> [SVGChart] {
        let months = data.trailingPeriods(period.covered - 1)
        let labels = months.map(period.shortName)
        func values(_ column: String) -> [Double?] { months.map { data.value(column, $0) } }
        let participants = SVGChart(title: "Active participants and sessions", labels: labels,
                                    series: [.init("Active participants", values("active_participants")), .init("Sessions", values("sessions"))])
        if data.cohort != nil || period == .quarter {
            return [participants, SVGChart(title: "Goals met", labels: labels, series: [.init("Goals met", values("goal_met_rate"))], percent: true)]
        }
        return [
            participants,
            SVGChart(title: "New ties per month", labels: labels, series: [.init("New ties", values("new_ties"))], kind: .bar),
            SVGChart(title: "Ties in the network", labels: labels, series: [.init("Cumulative ties", values("cumulative_ties"))]),
            SVGChart(title: "Goals met and cross-department ties", labels: labels,
                     series: [.init("Goals met", values("goal_met_rate")), .init("New ties across departments", values("cross_department_share"))],
                     percent: true),
        ]
    }

    func html() -> String {
        var cards = ""
        for headline in shownHeadlines {
            let now = data.value(headline.key, start)
            cards += """
                <div class="card"><div class="label">\(Formatting.html(headline.label))</div>\
                <div class="value">\(show(now, headline.style))</div>\
                <div class="change">\(change(headline, since: previous)) vs last \(period.noun) · \
                \(change(headline, since: lastYear)) vs last year</div></div>

                """
        }
        let tableSections = tables.map { table in
            "<section><h2>\(Formatting.html(table.title))</h2><table\(table.cssClass.map { " class=\"\($0)\"" } ?? "")><thead><tr>"
                + table.header.map { "<th>\(Formatting.html($0))</th>" }.joined() + "</tr></thead><tbody>"
                + table.rows.map { row in "<tr>" + row.map { "<td>\(Formatting.html($0))</td>" }.joined() + "</tr>" }.joined()
                + "</tbody></table></section>"
        }.joined(separator: "\n")
        var guidanceSection = ""
        if let guidance {
            guidanceSection = "<section class=\"guidance\"><h2>\(GuidanceSection.heading)</h2>\n<div class=\"guidance-tables\">"
                + guidance.tables.map { table in
                    "<div><h3>\(Formatting.html(table.title))</h3><table><thead><tr>"
                        + table.header.map { "<th>\(Formatting.html($0))</th>" }.joined() + "</tr></thead><tbody>"
                        + table.rows.map { row in "<tr>" + row.map { "<td>\(Formatting.html($0))</td>" }.joined() + "</tr>" }.joined()
                        + "</tbody></table></div>"
                }.joined(separator: "\n") + "</div></section>\n"
        }
        let summaryItems = summary.map { "<li>\(Formatting.html($0))</li>" }.joined(separator: "\n")
        let noData = noDataNote.map { "<p class=\"note nodata\">\(Formatting.html($0))</p>\n" } ?? ""
        let commentary = notes.flatMap { $0.blocks.isEmpty ? nil : "<section class=\"notes\"><h2>Manager’s commentary</h2>\n\($0.html)\n</section>\n" } ?? ""
        let chartFigures = charts().map { "<figure>\($0.svg)</figure>" }.joined(separator: "\n")
        // The heatmap is one tall block; it follows the tables so that they, not blank space,
        // fill the page before it in print.
        var heatmapSection = ""
        if !data.departmentTies.isEmpty {
            let heatmap = SVGHeatmap(title: "New ties between departments, \(periodName)", cells: data.departmentTies,
                                     threshold: data.smallGroupThreshold)
            heatmapSection = "<section class=\"heatmap\"><figure class=\"wide\">\(heatmap.svg)</figure></section>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Formatting.html(title))</title>
            <style>
            body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 70rem; color: #222; padding: 0 1rem; }
            h1 { font-size: 1.6rem; margin-bottom: .2rem; }
            .sub { color: #666; margin-top: 0; }
            ul.summary { font-size: 1.05rem; line-height: 1.5; }
            .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: .75rem; margin: 1.5rem 0; }
            .card { border: 1px solid #ddd; border-radius: 6px; padding: .7rem .9rem; break-inside: avoid; }
            .card .label { color: #555; font-size: .85rem; }
            .card .value { font-size: 1.6rem; font-weight: 600; margin: .2rem 0; }
            .card .change { color: #666; font-size: .8rem; }
            .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(30rem, 1fr)); gap: 1rem; }
            figure { margin: 0; border: 1px solid #eee; border-radius: 6px; padding: .5rem; break-inside: avoid; }
            svg { width: 100%; height: auto; }
            figure.wide { display: inline-block; max-width: 100%; margin-top: 1.5rem; }
            figure.wide svg { width: auto; max-width: 100%; }
            .note { border-left: 4px solid #E69F00; background: #fff8e8; padding: .6rem .9rem; }
            .notes { border-left: 4px solid #0072B2; background: #f3f8fc; padding: .2rem 1rem .6rem; margin: 1.2rem 0; }
            .notes h2 { margin-top: .6rem; }
            h2 { font-size: 1.15rem; margin-top: 2rem; }
            h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
            .guidance-tables { display: flex; flex-wrap: wrap; gap: 0 2rem; align-items: flex-start; }
            .guidance-tables table { min-width: 0; }
            table { border-collapse: collapse; min-width: 30rem; }
            th, td { padding: .35rem .7rem; border-bottom: 1px solid #e5e5e5; text-align: right; }
            th:first-child, td:first-child, table.names td:nth-child(2), table.names th:nth-child(2) { text-align: left; }
            footer { color: #777; font-size: .8rem; margin-top: 2rem; }
            @page { size: A4; margin: 12mm 12mm 14mm; }
            @media print {
              body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
              h1 { font-size: 16pt; }
              h2 { font-size: 12pt; margin-top: 1rem; break-after: avoid; }
              h3 { font-size: 10pt; margin: .5rem 0 .2rem; break-after: avoid; }
              .guidance-tables > div { break-inside: avoid; }
              ul.summary { font-size: 10pt; }
              .cards { grid-template-columns: repeat(5, 1fr); gap: .4rem; margin: .8rem 0; }
              .card { padding: .35rem .5rem; }
              .card .value { font-size: 14pt; }
              .card .label, .card .change { font-size: 7.5pt; }
              .charts { grid-template-columns: 1fr 1fr; gap: .5rem; }
              figure.wide { margin-top: .8rem; }
              figure.wide svg { max-height: 110mm; }
              th, td { padding: .12rem .5rem; }
              .notes { margin: .6rem 0; }
              figure, table, .notes, .note, .card, tr { break-inside: avoid; }
              footer { margin-top: 1rem; }
            }
            </style>
            </head>
            <body>
            <h1>\(Formatting.html(title))</h1>
            <p class="sub">Calendar \(period.noun) in UTC. Changes compare with \(period.name(previous)) and \(period.name(lastYear)).</p>
            \(noData)<ul class="summary">
            \(summaryItems)
            </ul>
            \(commentary)
            <section class="cards">
            \(cards)</section>
            <section class="charts">
            \(chartFigures)
            </section>
            \(tableSections)
            \(guidanceSection)\(heatmapSection)            <footer>Figures come from \(Self.list(sources)), the same relations analysts query. Changes of rates are in percentage points (pp). \(Formatting.html(privacyNote)) \(data.namedMentors.isEmpty ? "No person is named in this report." : "Mentors are named because names were asked for.")</footer>
            </body>
            </html>

            """
    }
}
