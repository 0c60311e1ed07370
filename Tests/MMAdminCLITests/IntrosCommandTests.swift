import Foundation
import Testing
import TestSupport

/// `match intros` end to end: files a manager sends, read back by independent parsers
/// (Python's `icalendar` for the calendar, Python's `email` package for the drafts).
@Suite("match intros")
struct IntrosCommandTests: CommandLineSuite {
    let conninfo: String

    /// A name that tries to add a header, one with quotes and a comma, one with non-ASCII, one
    /// a spreadsheet would run as a formula.
    static let injecting = "Di\r\nBcc: evil@x.test"
    static let quoted = "Bo \"The Closer\""
    static let formula = "=HYPERLINK(1)"

    init() throws {
        conninfo = try Self.database(roster: #"""
            Employee ID,Email,First Name,Last Name,Department,Job Title,Location,Manager ID,Employment Status
            E1,ceo@acme.test,Ann,Ames,Exec,Chief Executive Officer,Berlin,,Active
            E2,bo@acme.test,"Bo ""The Closer""","Berg, Jr.",Sales,Analyst,Berlin,E1,Active
            E3,cy@acme.test,Zoë,Ångström-Łukasz,Engineering,Senior Engineer,Madrid,E1,Active
            E4,di@acme.test,"\#(Self.injecting)",Dee,Sales,Associate,Berlin,E2,Active
            E5,ed@acme.test,\#(Self.formula),Eve,Marketing,Associate,Madrid,E1,Active

            """#)
        #expect(try mmadmin(["mentor", "set", "E3", "--topics", "negotiation;sql", "--capacity", "2"]).status == 0)
        #expect(try mmadmin(["mentor", "set", "E2", "--topics", "sales", "--capacity", "1"]).status == 0)
        #expect(try mmadmin(["cohort", "create", "Autumn", "--starts", "2026-10-01", "--ends", "2026-12-31"]).status == 0)
        #expect(try mmadmin(["cohort", "enroll", "Autumn", "--mentors", "E2,E3", "--mentees", "E4", "ed@acme.test",
                             "--on", "2026-10-01"]).status == 0)
        let round = try mmadmin(["match", "cohort", "Autumn", "--round", "2026-10-15"])
        #expect(round.status == 0, "\(round.stderr)")
    }

    static func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("intros-\(UUID().uuidString)")
    }

    static func read(_ folder: URL, _ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    /// Runs a Python program on `file` and decodes the JSON it prints.
    static func python(_ program: String, _ file: URL) throws -> [String: Any] {
        let process = Process()
        // Debian's interpreter, where python3-icalendar installs (a pyenv python3 on PATH lacks it).
        let debian = "/usr/bin/python3"
        if FileManager.default.isExecutableFile(atPath: debian) {
            process.executableURL = URL(fileURLWithPath: debian)
            process.arguments = ["-c", program, file.path]
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", program, file.path]
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestSetupError("python3 failed: \(errors)") }
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Python's icalendar (Debian: python3-icalendar; scripts/test.sh installs it): each event's
    /// UID, SEQUENCE, start, end, organizer and attendees with their CN.
    static let icalendarReader = """
        import json, sys, icalendar
        cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
        events = []
        for e in cal.walk('VEVENT'):
            attendees = e.get('ATTENDEE')
            attendees = attendees if isinstance(attendees, list) else [attendees]
            events.append({'uid': str(e['UID']), 'sequence': int(e['SEQUENCE']),
                           'start': e.decoded('DTSTART').strftime('%Y-%m-%d %H:%M'),
                           'end': e.decoded('DTEND').strftime('%Y-%m-%d %H:%M'),
                           'summary': str(e['SUMMARY']), 'description': str(e['DESCRIPTION']),
                           'organizer': str(e['ORGANIZER']),
                           'attendees': [str(a) for a in attendees],
                           'names': [str(a.params.get('CN')) for a in attendees],
                           'properties': sorted(e.keys())})
        print(json.dumps({'method': str(cal['METHOD']), 'events': events}))
        """

    /// Python's e-mail parser with the strict modern policy: header names, decoded addresses
    /// and subject, the decoded body and any defects it found.
    static let emailReader = """
        import json, sys, email, email.policy
        msg = email.message_from_bytes(open(sys.argv[1], 'rb').read(), policy=email.policy.strict)
        to = msg['To']
        print(json.dumps({'headers': list(msg.keys()), 'subject': str(msg['Subject']),
                          'to': [[a.display_name, a.addr_spec] for a in to.addresses],
                          'from': [[a.display_name, a.addr_spec] for a in msg['From'].addresses],
                          'content_type': msg.get_content_type(), 'charset': msg.get_content_charset(),
                          'body': msg.get_content(), 'defects': [str(d) for d in msg.defects]}))
        """

    @Test("a round's intros: CSV, calendar and drafts, hostile names kept in their place")
    func writesTheThreeOutputs() throws {
        let out = Self.folder()
        let result = try mmadmin(["match", "intros", "--cohort", "Autumn", "--out", out.path,
                                  "--slot", "2026-12-07 09:00..2026-12-11 17:00", "--minutes", "30"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Wrote 2 introductions"), "\(result.stdout)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == ["intro-1.eml", "intro-2.eml", "intros.csv", "intros.ics"])

        // CSV: quoted where needed, formulas defused, both e-mails, the matched topic.
        let csv = try Self.read(out, "intros.csv")
        #expect(csv.hasPrefix("proposal_id,cohort,round,status,mentee_id,mentee_name,mentee_email,mentor_id,mentor_name,mentor_email,topic,"))
        #expect(csv.contains(",'=HYPERLINK(1) Eve,ed@acme.test,"), "\(csv)")
        #expect(csv.contains(",\"Di\r\nBcc: evil@x.test Dee\",di@acme.test,E3,Zoë Ångström-Łukasz,cy@acme.test,"), "\(csv)")
        #expect(csv.split(separator: "\r\n", omittingEmptySubsequences: false).count >= 4)

        // iCalendar: CRLF everywhere, no line over 75 octets, and an independent parser agrees.
        let icsData = try Data(contentsOf: out.appendingPathComponent("intros.ics"))
        let icsLines = String(decoding: icsData, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(icsLines.last == "")
        #expect(icsLines.allSatisfy { $0.utf8.count <= 75 && !$0.contains("\n") && !$0.contains("\r") })
        #expect(String(decoding: icsData, as: UTF8.self).contains("\r\n "), "long lines are folded")
        let calendar = try Self.python(Self.icalendarReader, out.appendingPathComponent("intros.ics"))
        let events = try #require(calendar["events"] as? [[String: Any]])
        #expect(calendar["method"] as? String == "REQUEST")
        #expect(events.count == 2)
        let byMentee = Dictionary(uniqueKeysWithValues: events.map { (($0["attendees"] as? [String])?.first ?? "", $0) })
        let di = try #require(byMentee["mailto:di@acme.test"])
        #expect(di["attendees"] as? [String] == ["mailto:di@acme.test", "mailto:cy@acme.test"])
        #expect((di["names"] as? [String])?.last == "Zoë Ångström-Łukasz")
        #expect((di["summary"] as? String)?.contains("negotiation") == true, "\(di)")
        #expect((di["description"] as? String)?.contains("20–30 minutes") == true)
        #expect((di["organizer"] as? String) == "mailto:micromentoring@acme.test")
        for event in events {
            let start = try #require(event["start"] as? String), end = try #require(event["end"] as? String)
            #expect(start >= "2026-12-07 09:00" && end <= "2026-12-11 17:00", "\(start)–\(end)")
            #expect(start.suffix(5) >= "09:00" && end.suffix(5) <= "17:00")
        }
        #expect(Set(events.compactMap { $0["start"] as? String }).count == 2, "spread over the window")
        // Hostile names add no property: every event has exactly these.
        for event in events {
            #expect(event["properties"] as? [String] == ["ATTENDEE", "DESCRIPTION", "DTEND", "DTSTAMP", "DTSTART", "ORGANIZER",
                                                         "SEQUENCE", "STATUS", "SUMMARY", "UID"], "\(event)")
        }
        #expect((di["summary"] as? String)?.hasPrefix("Micromentoring: Di\nBcc: evil@x.test Dee and Zoë") == true, "\(di)")
        let ed = try #require(byMentee["mailto:ed@acme.test"])
        #expect(ed["attendees"] as? [String] == ["mailto:ed@acme.test", "mailto:bo@acme.test"])
        // RFC 6868 writes the quote as ^' (icalendar 4 leaves it as written).
        let boCN = try #require((ed["names"] as? [String])?.last)
        #expect(boCN == "Bo \"The Closer\" Berg, Jr." || boCN == "Bo ^'The Closer^' Berg, Jr.", "\(boCN)")

        // E-mail drafts: headers cannot be injected, names and subject decode exactly.
        let diDraft = try #require(try [1, 2].map { out.appendingPathComponent("intro-\($0).eml") }
            .first { try String(contentsOf: $0, encoding: .utf8).contains("di@acme.test") })
        let raw = try String(contentsOf: diDraft, encoding: .utf8)
        let blank = try #require(raw.range(of: "\r\n\r\n"))
        let head = String(raw[..<blank.lowerBound])
        #expect(!head.contains("\nBcc"), "\(head)")
        #expect(head.allSatisfy { $0.isASCII })
        #expect(raw.replacingOccurrences(of: "\r\n", with: "").contains("\n") == false, "CRLF line ends only")
        #expect(raw.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })
        let mail = try Self.python(Self.emailReader, diDraft)
        #expect(mail["headers"] as? [String] == ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
                                                 "Content-Transfer-Encoding"])
        #expect(mail["defects"] as? [String] == [])
        #expect(mail["to"] as? [[String]] == [["Di  Bcc: evil@x.test Dee", "di@acme.test"], ["Zoë Ångström-Łukasz", "cy@acme.test"]])
        #expect(mail["from"] as? [[String]] == [["Micromentoring program", "micromentoring@acme.test"]])
        #expect(mail["subject"] as? String == "Micromentoring introduction: Di  Bcc: evil@x.test Dee and Zoë Ångström-Łukasz")
        #expect(mail["charset"] as? String == "utf-8")
        let body = try #require(mail["body"] as? String)
        #expect(body.contains("who would like to talk about negotiation or sql."), "\(body)")
        #expect(body.contains("please bring one clear question, so that 20–30 minutes are enough"))
        #expect(body.contains("Micromentoring is short, focused mentoring"))

        // The other draft: quotes and a comma in a display name.
        let other = try #require(try [1, 2].map { out.appendingPathComponent("intro-\($0).eml") }.first { $0 != diDraft })
        let otherMail = try Self.python(Self.emailReader, other)
        #expect((otherMail["to"] as? [[String]])?.first == ["=HYPERLINK(1) Eve", "ed@acme.test"], "\(otherMail)")
        #expect(otherMail["defects"] as? [String] == [])
    }

    @Test("re-sending keeps each invitation's UID and raises its SEQUENCE; --status accepted picks accepted pairs")
    func stableUIDs() throws {
        let first = Self.folder(), second = Self.folder()
        #expect(try mmadmin(["match", "intros", "--out", first.path]).status == 0)
        Thread.sleep(forTimeInterval: 1.1)
        #expect(try mmadmin(["match", "accept", "1"]).status == 0)
        #expect(try mmadmin(["match", "intros", "--out", second.path]).status == 0)
        let before = try #require(try Self.python(Self.icalendarReader, first.appendingPathComponent("intros.ics"))["events"] as? [[String: Any]])
        let after = try #require(try Self.python(Self.icalendarReader, second.appendingPathComponent("intros.ics"))["events"] as? [[String: Any]])
        #expect(before.map { $0["uid"] as? String } == after.map { $0["uid"] as? String })
        #expect(Set(before.compactMap { $0["uid"] as? String }).count == 2)
        for (old, new) in zip(before, after) {
            #expect(try #require(new["sequence"] as? Int) > (try #require(old["sequence"] as? Int)))
        }
        // Without --slot: the working week after the round (2026-10-15 is a Thursday).
        #expect(before.allSatisfy { ($0["start"] as? String ?? "") >= "2026-10-19 09:00" && ($0["end"] as? String ?? "") <= "2026-10-23 17:00" })

        let accepted = Self.folder()
        let only = try mmadmin(["match", "intros", "--status", "accepted", "--out", accepted.path])
        #expect(only.stdout.contains("Wrote 1 introduction "), "\(only.stdout) \(only.stderr)")
        #expect(try Self.read(accepted, "intros.ics").contains("STATUS:CONFIRMED"))
        #expect(try mmadmin(["match", "decline", "2"]).status == 0)
        let afterDecline = try mmadmin(["match", "intros", "--status", "proposed", "--out", Self.folder().path])
        #expect(afterDecline.status == 65, "declined proposals are never introduced")
    }

    @Test("an edited template is used; an unknown placeholder is refused before anything is written")
    func templates() throws {
        let template = Self.folder().appendingPathExtension("txt")
        try "Subject: {{topic}} with {{mentor_name}}\n\nHi {{mentee_name}}: {{slot}}, {{minutes}} min.\n"
            .write(to: template, atomically: true, encoding: .utf8)
        let out = Self.folder()
        let used = try mmadmin(["match", "intros", "--out", out.path, "--template", template.path, "--minutes", "20"])
        #expect(used.status == 0, "\(used.stderr)")
        let drafts = try [1, 2].map { try Self.python(Self.emailReader, out.appendingPathComponent("intro-\($0).eml")) }
        #expect(drafts.contains { $0["subject"] as? String == "negotiation or sql with Zoë Ångström-Łukasz" }, "\(drafts)")
        #expect(drafts.allSatisfy { ($0["body"] as? String)?.contains(", 20 min.") == true })

        try "Subject: hello\n\nDear {{mentee_name}},\nsee {{manager_name}}\n".write(to: template, atomically: true, encoding: .utf8)
        let refused = Self.folder()
        let bad = try mmadmin(["match", "intros", "--out", refused.path, "--template", template.path])
        #expect(bad.status == 65)
        #expect(bad.stderr.contains("unknown placeholder {{manager_name}} on line 4"), "\(bad.stderr)")
        #expect(bad.stderr.contains("{{mentee_name}}"))
        #expect(!FileManager.default.fileExists(atPath: refused.path))
        #expect(try mmadmin(["match", "intros", "--out", refused.path, "--template", "/nonexistent/template.txt"]).status == 66)
        #expect(try mmadmin(["match", "intros", "--print-template"]).stdout.hasPrefix("Subject: Micromentoring introduction: {{mentee_name}}"))
    }

    @Test("refusals", arguments: [
        (["--cohort", "Nope"], Int32(65), "No cohort"),
        (["--round", "2026-11-15"], Int32(65), "There are no proposed or accepted pairs to introduce (round 2026-11-15)."),
        (["--status", "accepted"], Int32(65), "There are no accepted pairs"),
        (["--status", "declined"], Int32(64), "--status"),
        (["--slot", "2026-12-07 09:00-2026-12-11 17:00"], Int32(64), "--slot"),
        (["--slot", "2026-12-07 17:00..2026-12-11 09:00"], Int32(64), "--slot"),
        (["--slot", "2026-12-05 09:00..2026-12-06 17:00"], Int32(64), "has no weekday slot of 30 minutes"),
        (["--from", "not an address"], Int32(64), "--from"),
    ])
    func refusals(arguments: [String], status: Int32, message: String) throws {
        let out = Self.folder()
        let result = try mmadmin(["match", "intros", "--out", out.path] + arguments)
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("an unwritable --out is exit 74 with one sentence")
    func unwritable() throws {
        let file = Self.folder()
        try "x".write(to: file, atomically: true, encoding: .utf8)
        let result = try mmadmin(["match", "intros", "--out", file.appendingPathComponent("sub").path])
        #expect(result.status == 74)
        #expect(result.stderr.hasPrefix("error: Cannot create the folder "), "\(result.stderr)")
        #expect(try mmadmin(["match", "intros", "--out"]).status == 64)
        #expect(try mmadmin(["match", "intros"]).status == 64)
    }

    @Test("match list shows both people's names and e-mails; JSON keeps numbers typed")
    func listWithNames() throws {
        let listed = try mmadmin(["match", "list", "--format", "json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let di = try #require(rows.first { $0["mentee_id"] as? String == "E4" })
        #expect(di["mentee"] as? String == "\(Self.injecting) Dee")
        #expect(di["mentee_email"] as? String == "di@acme.test")
        #expect(di["mentor"] as? String == "Zoë Ångström-Łukasz")
        #expect(di["mentor_email"] as? String == "cy@acme.test")
        #expect(di["proposal_id"] is Int && di["score"] is Double)
        #expect(listed.stdout.contains("\"proposal_id\" : 1"))
        let csv = try mmadmin(["match", "list", "--format", "csv"]).stdout
        #expect(csv.hasPrefix("proposal_id,cohort,round,mentee_id,mentee,mentee_email,mentor_id,mentor,mentor_email,score,status,reason\r\n"))
        #expect(csv.contains(",'=HYPERLINK(1) Eve,ed@acme.test,"), "\(csv)")
    }
}
