import MMCalendar
import ArgumentParser
import Foundation
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram
import MMMatching
import PostgresClient

/// `mmadmin match …`.
struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Suggest micromentors and pair a cohort's waiting mentees.",
        discussion: """
            Hard rules, never traded for score: not the mentee, not in the mentee's management chain \
            (either direction, current roster), employed, not paused, below monthly capacity, no session \
            together within the cool-down, not a pair declined for the same round.

            Soft preferences add weight x fit (fit 0 to 1) to a score: topic (requested topic 1, a topic the \
            mentee asked about before 0.5), new_tie, cross_department, cross_location, free_capacity (share \
            of places free), seniority (mentor 1-2 levels above 1, peer or 3 above 0.5, read from titles). \
            Defaults 3, 2, 1.5, 0.5, 1, 1; stored in mm.settings as match.weight.NAME, overridden per run \
            with --weight NAME=VALUE.
            """,
        subcommands: [MatchSuggest.self, MatchCohort.self, MatchList.self, MatchAccept.self, MatchDecline.self,
                      MatchIntros.self])
}

/// Weights and cool-down: the stored settings with this run's overrides.
struct MatchTuningOptions: ParsableArguments {
    @Option(name: .customLong("weight"),
            help: ArgumentHelp("Override one weight for this run, such as topic=2.5 (repeatable).", valueName: "name=value"))
    var weights: [String] = []
    @Option(help: ArgumentHelp("Days before and after the round in which a pair that met may not meet again "
                               + "(default: mm.settings match.cooldown_days, 90).", valueName: "days"))
    var cooldownDays: Int?

    func validate() throws {
        if let cooldownDays, cooldownDays < 0 { throw ValidationError("--cooldown-days takes 0 or more days.") }
        do { _ = try MatchWeights().applying(assignments: weights) } catch { throw ValidationError(error.description) }
    }

    func resolve(_ database: PostgresConnection) throws -> (weights: MatchWeights, cooldownDays: Int) {
        let stored = try MatchSettings.stored(in: database)
        do {
            return (try stored.weights.applying(assignments: weights), cooldownDays ?? stored.cooldownDays)
        } catch {
            throw ValidationError(error.description)
        }
    }
}

struct MatchSuggest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest", abstract: "Rank the mentors a mentee could meet now, with the reason for each.")
    @Option(help: "The mentee's employee id or e-mail.") var mentee: String
    @Option(help: "What the mentee wants to talk about.") var topic: String?
    @Option(help: "Only this cohort's mentors; the mentee must be a member.") var cohort: String?
    @Option(help: ArgumentHelp("The day to match on (default: today); capacity counts its month.", valueName: "YYYY-MM-DD"))
    var on: CalendarDate?
    @Option(help: "How many mentors to list.") var limit = 5
    @OptionGroup var tuning: MatchTuningOptions
    @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit takes 1 to 1000.") }
    }

    func run() throws {
        let database = try connection.connect()
        let person = try PeopleResolver(connection: database).resolve(mentee)
        let (weights, cooldown) = try tuning.resolve(database)
        let result = try MentorSuggester(connection: database).suggest(
            menteeID: person.employeeID, topic: topic, cohortName: cohort, on: on ?? .today, limit: limit,
            weights: weights, cooldownDays: cooldown)
        let table = Table(
            columns: ["rank", "mentor_id", "name", "department", "score", "reason"],
            rows: result.suggestions.enumerated().map { index, suggestion in
                [.integer(index + 1), .text(suggestion.mentorID), .text(suggestion.name), Cell(suggestion.department),
                 .fixed(suggestion.score, decimals: 2), .text(suggestion.reason)]
            })
        Printer.table(table, format: format)
        if format == .table {
            let excluded = result.excluded.isEmpty ? "" : "; not eligible: " + HardRules.summary(result.excluded)
            Printer.note("\(result.suggestions.count) suggestion\(result.suggestions.count == 1 ? "" : "s") for \(person.employeeID)\(excluded).")
        }
    }
}

struct MatchCohort: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohort", abstract: "Pair every waiting mentee of a cohort for one round, optimally.",
        discussion: """
            Waiting mentees are current mentee members with no session scheduled or completed in the round's \
            month and no open proposal of this cohort for that month; mentors are the cohort's current mentor \
            members (without a mentor profile: available, capacity 4, no topics). Mentee members who are not \
            waiting are listed as left out, with the reason (a session this month, a proposal this month).

            The pairing is exact, not greedy. In order: as many mentees matched as rules and capacities allow; \
            where not all can be, those who waited longest (since enrolment or their last completed session) \
            are; then the highest total score. Pairs are stored as proposals (see `match list`), never as \
            sessions; --dry-run stores nothing and prints the round's quality figures to compare weights.
            """)
    @Argument(help: "The cohort's name or external id.") var cohort: String
    @Option(help: ArgumentHelp("The round's day (default: today); capacity counts its month.", valueName: "YYYY-MM-DD"))
    var round: CalendarDate?
    @Flag(help: "Compute and print the round without storing proposals.") var dryRun = false
    @OptionGroup var tuning: MatchTuningOptions
    @Option(help: "Output format: table, json or csv (csv: one row per mentee).") var format: OutputFormat = .table
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let database = try connection.connect()
        let (weights, cooldown) = try tuning.resolve(database)
        let result = try CohortMatcher(connection: database).run(
            cohortName: cohort, round: round ?? .today, weights: weights, cooldownDays: cooldown, dryRun: dryRun)
        RoundPrinter.print(result, format: format)
    }
}

struct MatchList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List proposals with both people's names and e-mails.")
    @Option(help: "Only this cohort's proposals.") var cohort: String?
    @Option(help: ArgumentHelp("Only this round.", valueName: "YYYY-MM-DD")) var round: CalendarDate?
    @Option(help: "Only proposals with this status: proposed, accepted or declined.") var status: String?
    @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if let status, !["proposed", "accepted", "declined"].contains(status) {
            throw ValidationError("--status takes proposed, accepted or declined.")
        }
    }

    func run() throws {
        let database = try connection.connect()
        let cohortID = try cohort.map { try CohortRepository(connection: database).find($0).id }
        let proposals = try ProposalRepository(connection: database).list(cohortID: cohortID, round: round,
                                                                          statuses: status.map { [$0] })
        Printer.table(Table(proposals: proposals), format: format)
    }
}

struct MatchAccept: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept", abstract: "Accept proposals (log the session itself as usual when it happens).")
    @OptionGroup var decision: ProposalDecision

    func run() throws { try decision.decide(accept: true) }
}

struct MatchDecline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decline", abstract: "Decline proposals; the mentee waits for the next run, never with that mentor again this round.")
    @OptionGroup var decision: ProposalDecision

    func run() throws { try decision.decide(accept: false) }
}

/// The proposals `accept` and `decline` act on, and where they are stored.
struct ProposalDecision: ParsableArguments {
    @Argument(help: "Proposal ids, from `match list`, separated by spaces or commas.") var proposals: [String]
    @OptionGroup var connection: ConnectionOptions

    /// The ids given, however separated.
    var ids: [Int] { ListText.references(proposals).compactMap { Int($0) } }

    func validate() throws {
        let words = ListText.references(proposals)
        guard !words.isEmpty else { throw ValidationError("Give at least one proposal id.") }
        if let bad = words.first(where: { Int($0) == nil }) { throw ValidationError("\"\(bad)\" is not a proposal id.") }
    }

    func decide(accept: Bool) throws {
        let decided = try ProposalRepository(connection: connection.connect()).decide(ids, accept: accept)
        print("\(decided) proposal\(decided == 1 ? "" : "s") \(accept ? "accepted" : "declined").")
    }
}
