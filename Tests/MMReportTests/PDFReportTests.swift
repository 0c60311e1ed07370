import MMCalendar
import Foundation
import MMDomain
import MMReport
import MMStore
import Testing

/// The PDF report, printed by the headless Chromium that `scripts/test.sh` installs (with
/// poppler-utils for `pdfinfo` and `pdftotext`). Like the database tests, these never skip:
/// without Chromium they fail, saying what to install.
@Suite("PDF report through headless Chromium")
struct PDFReportTests {
    static let departments = ["Customer Success", "Data", "Engineering", "Facilities", "Finance", "IT", "Legal", "Marketing",
                              "Operations", "People", "Procurement", "Product", "Research & Development", "Sales", "Security"]

    /// A report shaped like the demo's: 13 months, 15 departments with small (suppressed) and
    /// large tie counts and participation, one cohort, the year to date, and a manager's commentary.
    static func report() throws -> ProgramReport {
        let month = CalendarDate(year: 2026, month: 9, day: 1)!
        var participation: [CalendarDate: ReportData.Row] = [:]
        var network: [CalendarDate: ReportData.Row] = [:]
        for offset in 0..<13 {
            let day = month.addingMonths(-offset)
            participation[day] = ["active_participants": 430, "active_mentees": 285, "active_mentors": 145, "sessions": Double(447 + offset),
                                  "mentoring_minutes": 14145, "new_participants": 0, "participation_rate": offset == 0 ? 0.22 : 0.21, "retention_rate": 0.77,
                                  "completion_rate": 0.87, "avg_rating": 4.3, "goal_met_rate": 0.69]
            network[day] = ["new_ties": 411, "cumulative_ties": Double(5424 - offset * 400), "cross_department_share": 0.47,
                            "mean_two_hop_reach": 262.5, "components": 1, "largest_component_share": 1]
        }
        var ties: [ReportData.DepartmentTie] = []
        for (row, first) in departments.enumerated() {
            for second in departments[row...] where (first.count + second.count) % 3 != 0 {
                ties.append(.init(first: first, second: second, ties: first == "Engineering" || second == "Engineering" ? 9 + row : nil))
            }
        }
        // The department table: large departments shown, small ones hidden ("<5").
        let groups: [ReportData.GroupParticipation] = departments.enumerated().map { index, name in
            index % 4 == 1 ? .init(group: name, activeParticipants: nil, sessions: nil, averageRating: nil)
                : .init(group: name, headcount: 20 + index * 13, activeParticipants: 5 + index, participationRate: Double(5 + index) / Double(20 + index * 13),
                        sessions: 13 + index, averageRating: 4.1, ratedSessions: 9)
        }
        let yearToDate: ReportData.Row = ["sessions": 4269, "active_participants": 600, "participation_rate": 0.3, "avg_rating": 4.3]
        let data = ReportData(start: month, participation: participation, network: network, departmentTies: ties,
                              cohorts: [.init(group: "Micromentoring 2026 Q3", activeParticipants: 430, sessions: 447, averageRating: 4.3, ratedSessions: 10)],
                              departments: groups, yearToDate: yearToDate, guidance: guidance)
        let notes = try ManagerNotes(text: "September was **busy**.\n\n- Sales joined\n- <script>alert(1)</script>\n")
        return ProgramReport(data: data, notes: notes)
    }

    /// "Where guidance is needed" shaped like the demo's: 12 topics (one hidden), five formats
    /// (one with hidden feedback), the rating distribution, mentor load and time to first session.
    static let guidance: ReportData.Guidance = {
        let topics = ["Kubernetes", "career growth", "leadership", "negotiation", "public speaking", "sql", "swift", "sales",
                      "hiring", "feedback", "time management", "product management"]
        return ReportData.Guidance(
            topics: topics.enumerated().map { index, topic in
                .init(topic: topic, sessions: 20 + index, waitingMentees: index == 11 ? nil : 40 - index * 3,
                      offeringMentors: 10 + index, availableMentors: index, freeCapacity: index * 2,
                      demandPerAvailableMentor: index == 0 || index == 11 ? nil : Double(40 - index * 3) / Double(index))
            },
            load: ["mentors": 150, "idle_mentors": 5, "under_capacity_mentors": 98, "at_capacity_mentors": 16,
                   "over_capacity_mentors": 31, "busiest_mentors": 15, "busiest_session_share": 0.19],
            formats: ["coffee_chat", "video", "qa", "call", "walk"].enumerated().map { index, format in
                .init(format: format, sessions: 120 - index * 12, participants: 190 - index * 15,
                      averageRating: index == 4 ? nil : 4.2, ratedSessions: index == 4 ? nil : 80,
                      averageMentorRating: index == 4 ? nil : 4.0, mentorRatedSessions: index == 4 ? nil : 90,
                      goalMetRate: index == 4 ? nil : 0.7, followUps: 11 + index)
            },
            ratings: ["mentee", "mentor"].flatMap { side in (1...5).map { .init(side: side, rating: $0, sessions: $0 < 3 ? nil : 50 * $0) } },
            timeToFirstSession: ["first_sessions": 39, "median_days_to_first_session": 15, "waiting_mentees": 18,
                                 "waiting_over_30_days": 5])
    }()

    /// Runs a program and returns its standard output; a missing program fails the test.
    static func run(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure("\(program) failed (status \(process.terminationStatus)); scripts/test.sh installs poppler-utils")
        }
        return String(decoding: data, as: UTF8.self)
    }

    struct TestFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    @Test("the demo-shaped report prints to 2–4 A4 pages with its text, the pp changes and the <k legend")
    func printsOnA4() throws {
        let printer: PDFPrinter
        do {
            printer = try PDFPrinter.locate()
        } catch {
            Issue.record("Headless Chromium is needed for this test (scripts/test.sh installs the Debian package chromium): \(error)")
            return
        }
        let pdf = try Self.report().pdf(with: printer)
        #expect(pdf.starts(with: Data("%PDF".utf8)))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mmadmin-report-\(UUID().uuidString).pdf")
        defer { try? FileManager.default.removeItem(at: file) }
        try pdf.write(to: file)

        let info = try Self.run("pdfinfo", [file.path])
        let pages = try #require(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }
            .flatMap { Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) })
        #expect((2...4).contains(pages), "\(pages) pages")
        #expect(info.contains("(A4)"), "not A4: \(info)")

        let text = try Self.run("pdftotext", ["-layout", file.path, "-"])
        #expect(text.contains("Manager’s commentary"))
        #expect(text.contains("<script>alert(1)</script>"))
        #expect(text.contains("Research & Development"))
        #expect(text.contains("<5: fewer than 5 people"))
        #expect(text.contains("pp vs last month"))
        #expect(text.contains("Participation by department in September 2026"))
        #expect(text.contains("Year to date (January–September 2026): 4,269 sessions with 600 people"))
        #expect(text.contains("Where guidance is needed"))
        #expect(text.contains("Topics with mentees waiting, September 2026"))
        #expect(text.contains("Mentor load against capacity, September 2026"))
        #expect(text.contains("Formats and ratings, September 2026"))
        #expect(text.contains("Time to first session, September 2026"))
        // No page is left nearly empty before the last: each holds a fair share of the text.
        let perPage = text.split(separator: "\u{0C}", omittingEmptySubsequences: false).map { $0.split(whereSeparator: \.isNewline).count }
        for (index, lines) in perPage.dropLast().enumerated() where index < pages - 1 {
            #expect(lines >= 15, "page \(index + 1) has only \(lines) lines of text")
        }
    }

    @Test("without Chromium: an unavailable error that names the package")
    func missingBrowser() {
        let error = #expect(throws: MMError.self) {
            try PDFPrinter.locate(environment: ["PATH": "/nonexistent"])
        }
        #expect(error?.category == .unavailable)
        #expect(error?.description.contains("apt-get install chromium") == true)
        let named = #expect(throws: MMError.self) {
            try PDFPrinter.locate(environment: ["MMADMIN_CHROMIUM": "/nonexistent/chromium"])
        }
        #expect(named?.category == .unavailable)
    }
}
