import ArgumentParser
import Foundation
import MMCalendar
import MMDomain
import MMImport
import MMIntroductions

/// `mmadmin match intros`: the introductions of proposed pairs, as files to send.
struct MatchIntros: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intros", abstract: "Write introductions for proposed pairs: a CSV, calendar invitations and e-mail drafts.",
        discussion: """
            Writes into --out (created when missing): intros.csv (one row per pair: both names and e-mails, topic, \
            slot, reasons), intros.ics (iCalendar, one invitation per pair with both people as attendees; its UID \
            is stable per proposal and its SEQUENCE grows with each run, so importing a newer file updates the \
            invitations instead of duplicating them) and intro-<proposal>.eml (an RFC 5322 draft per pair, To both \
            people, UTF-8, quoted-printable). Declined proposals are never introduced.

            Slots: --slot "2026-12-07 09:00..2026-12-11 17:00" means every weekday from the first day to the last, \
            from the first time to the second, in UTC; pairs are spread over it in proposal order and nobody gets \
            two overlapping slots. Without --slot, the working week (Monday to Friday, 09:00-17:00 UTC) after each \
            round's day.

            The e-mail comes from a template (--template FILE, UTF-8): an optional first line "Subject: ...", a blank \
            line, then the body. Placeholders: \(IntroTemplate.placeholders.map { "{{\($0.name)}} (\($0.meaning))" }.joined(separator: ", ")). \
            An unknown placeholder is refused (exit 65) before anything is written. The default template explains \
            micromentoring, names the topic and asks the mentee for a clear question and 20-30 minutes; print it \
            with --print-template to start your own.
            """)
    @Option(help: "Only this cohort's proposals (name or external id).") var cohort: String?
    @Option(help: ArgumentHelp("Only this round.", valueName: "YYYY-MM-DD")) var round: CalendarDate?
    @Option(help: "Only proposals with this status: proposed or accepted (default: both).") var status: String?
    @Option(help: ArgumentHelp("The folder to write the files into.", valueName: "dir")) var out: String?
    @Option(help: ArgumentHelp("When the meetings may be held (UTC, weekdays).", valueName: "YYYY-MM-DD HH:MM..YYYY-MM-DD HH:MM"))
    var slot: String?
    @Option(help: "The session length in minutes, 5 to 480.") var minutes = 30
    @Option(help: ArgumentHelp("The e-mail template file (default: the shipped one).", valueName: "file")) var template: String?
    @Option(help: ArgumentHelp("Sender and calendar organizer (default: Micromentoring program <micromentoring@ the mentee's domain>).",
                               valueName: "Name <address>"))
    var from: String?
    @Flag(help: "Print the default template and exit.") var printTemplate = false
    @OptionGroup var connection: ConnectionOptions

    func validate() throws {
        if printTemplate { return }
        guard out != nil else { throw ValidationError("Name the folder to write into with --out DIR.") }
        if let status, !["proposed", "accepted"].contains(status) {
            throw ValidationError("--status takes proposed or accepted.")
        }
        if let slot, SlotWindow(slot) == nil {
            throw ValidationError("--slot takes \"YYYY-MM-DD HH:MM..YYYY-MM-DD HH:MM\" (the last day not before the first, "
                                  + "the daily end after the daily start), not \"\(slot)\".")
        }
        guard (5...480).contains(minutes) else { throw ValidationError("--minutes takes 5 to 480.") }
        if let from, Organizer(from) == nil {
            throw ValidationError("--from takes an e-mail address, optionally as \"Name <address>\", not \"\(from)\".")
        }
    }

    func run() throws {
        if printTemplate {
            print(IntroTemplate.standardText, terminator: "")
            return
        }
        let chosen = try template.map { path in
            let file = try InputFile.read(path)
            return try IntroTemplate(data: file.data, name: path)
        } ?? IntroTemplate.standard()
        let request = IntroductionRequest(
            cohort: cohort, round: round, status: status, window: slot.flatMap(SlotWindow.init), minutes: minutes,
            template: chosen, organizer: from.flatMap(Organizer.init))
        let prepared = try Introductions(connection: connection.connect()).prepare(request)
        let folder = out!
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw MMError(.unwritableOutput, "Cannot create the folder \(folder).", details: [error.localizedDescription])
        }
        for file in prepared.files {
            try OutputFile.write(file.text, to: (folder as NSString).appendingPathComponent(file.name))
        }
        let drafts = prepared.files.count - 2
        print("Wrote \(prepared.pairs) introduction\(prepared.pairs == 1 ? "" : "s") to \(folder): intros.csv, intros.ics and "
              + "\(drafts) e-mail draft\(drafts == 1 ? "" : "s") (intro-N.eml).")
    }
}
