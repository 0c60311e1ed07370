import MMCalendar
import ArgumentParser
import Foundation
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram
import MMDemo
import PostgresClient

struct DemoGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic organisation's CSV files, the same files a customer would import.",
        discussion: """
            Writes roster.csv (as of --as-of) and roster-next.csv (one month later: about 2 % leavers, \
            3 % hires, 5 % changes), and a program history over the --months before --as-of: \
            cohorts.csv (one per quarter), mentors.csv, enrollments.csv, sessions.csv and outcomes.csv, \
            with about 30 % of the employees taking part. The same --seed always gives the same files.
            """)

    @Option(help: "How many employees.")
    var employees: Int = 2000

    @Option(help: "The folder to write to (created when missing).")
    var out: String

    @Option(help: "Months of program history before --as-of.")
    var months: Int = 12

    @Option(help: "Sessions per month (default: about 0.9 per participant).")
    var sessionsPerMonth: Int?

    @Option(help: "The seed; the same seed gives the same organisation.")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("The date the first roster describes.", valueName: "YYYY-MM-DD"))
    var asOf: CalendarDate = CalendarDate(year: 2026, month: 10, day: 1)!

    func validate() throws {
        guard employees >= 2 else { throw ValidationError("--employees must be at least 2.") }
        guard (1...240).contains(months) else { throw ValidationError("--months takes 1 to 240.") }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var roster = SyntheticRoster(count: employees, seed: seed, asOf: asOf)
        try write(roster.csv(), to: folder.appendingPathComponent("roster.csv"))
        let program = SyntheticProgram.generate(people: roster.people, months: months, sessionsPerMonth: sessionsPerMonth,
                                                asOf: asOf, seed: seed)
        for (name, text) in [("cohorts", program.cohorts), ("mentors", program.mentors), ("enrollments", program.enrollments),
                             ("sessions", program.sessions), ("outcomes", program.outcomes)] {
            try write(text, to: folder.appendingPathComponent("\(name).csv"))
        }
        let nextMonth = CalendarDate(daysSinceEpoch: asOf.daysSinceEpoch + CalendarDate.daysIn(month: asOf.month, year: asOf.year))
        roster.advanceMonth(to: nextMonth)
        try write(roster.csv(), to: folder.appendingPathComponent("roster-next.csv"))
        print("Wrote \(folder.path): roster.csv (\(employees) people, as of \(asOf)), roster-next.csv (as of \(nextMonth)), "
              + "cohorts, mentors, enrollments, sessions (\(program.sessionCount) over \(months) months) and outcomes.")
    }

    private func write(_ text: String, to url: URL) throws {
        try OutputFile.write(text, to: url.path)
    }
}
