import ArgumentParser
import MMStore

struct OutcomeList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Read session feedback back: ratings, goals, follow-ups and, if asked, notes.",
        discussion: """
            For the program manager: names people (and with --with-notes shows their free-text notes), which \
            nothing in mm_metrics does. Sessions in time order; --follow-up keeps those whose outcome asks for a \
            follow-up.
            """)
    @Option(help: ArgumentHelp("Only sessions of this month (UTC).", valueName: "YYYY-MM")) var month: String?
    @Option(help: "Only this cohort (name or external id).") var cohort: String?
    @Flag(help: "Show the free-text notes.") var withNotes = false
    @Flag(help: "Only outcomes asking for a follow-up.") var followUp = false
    @Option(help: "Output format: table, json or csv.") var format: OutputFormat = .table
    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let database = try connection.connect()
        var filter = OutcomeRepository.Filter(followUpOnly: followUp, withNotes: withNotes)
        if let month { filter.month = try MonthArgument.firstDay(month) }
        if let cohort { filter.cohortID = try CohortRepository(connection: database).find(cohort).id }
        let outcomes = try OutcomeRepository(connection: database).list(filter)
        var columns = ["session", "external_id", "started_at", "cohort", "format", "topic", "mentor_id", "mentor",
                       "mentee_id", "mentee", "mentee_rating", "mentor_rating", "goal_met", "follow_up"]
        if withNotes { columns.append("note") }
        Printer.table(Table(columns: columns, rows: outcomes.map { outcome in
            var row: [Cell] = [.integer(outcome.sessionID), Cell(outcome.externalID), .timestamp(outcome.startedAt),
                               Cell(outcome.cohort), .text(outcome.format), Cell(outcome.topic), .text(outcome.mentorID),
                               .text(outcome.mentorName), .text(outcome.menteeID), .text(outcome.menteeName),
                               Cell(outcome.menteeRating), Cell(outcome.mentorRating),
                               outcome.goalMet.map(Cell.boolean) ?? .null, .boolean(outcome.followUp)]
            if withNotes { row.append(Cell(outcome.note)) }
            return row
        }), format: format)
    }
}
