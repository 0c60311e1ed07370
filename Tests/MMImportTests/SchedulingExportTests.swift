import Foundation
import MMDomain
import MMImport
import MMStore
import PostgresClient
import Testing
import TestSupport

/// The sample exports of `Tests/Fixtures/scheduling`.
enum SchedulingSamples {
    static func text(_ name: String) throws -> String {
        try FixtureFiles.text("scheduling/" + name)
    }

    static func mapping(_ name: String, kind: ProgramImportKind = .sessions) throws -> [MappingEntries.Entry] {
        try kind.parseMapping(MappingEntries.lines(ofFileText: text(name)))
    }
}

extension ProgramFixture {
    /// Imports `csv` as `kind` with `configure`'s options.
    @discardableResult
    func run(_ kind: ProgramImportKind, _ csv: String, configure: (inout ProgramImportOptions) throws -> Void) throws -> ProgramImportResult {
        var options = ProgramImportOptions()
        try configure(&options)
        return try ProgramImporter(connection: connection).run(kind, file: InputFile(name: "\(kind).csv", data: Data(csv.utf8)), options: options)
    }

    func problems(_ kind: ProgramImportKind, _ csv: String, configure: (inout ProgramImportOptions) throws -> Void) throws -> [ImportProblem] {
        do { try run(kind, csv, configure: configure) } catch let rejected as ImportRejected { return rejected.problems }
        throw TestSetupError("the \(kind) import was accepted but should have been rejected")
    }

    /// Each session as `external or pair|started_at UTC|minutes|format|status|topic`, in start order.
    func storedSessions() throws -> [String] {
        try connection.query("""
            SELECT mentor_id || '>' || mentee_id || '|' || to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')
                   || '|' || duration_minutes || '|' || format || '|' || status || '|' || coalesce(topic, '') AS s
            FROM mm.sessions ORDER BY started_at
            """).rows.map { try $0.decode(String.self, "s") }
    }
}

@Suite("Scheduling-tool exports: the sample files")
struct SchedulingSampleTests {
    let fixture: ProgramFixture
    init() throws { fixture = try .withCohorts() }

    @Test("a Calendly export imports as exported: zones per row on both sides of a DST change, Canceled, durations from the end")
    func calendly() throws {
        let csv = try SchedulingSamples.text("calendly-scheduled-events.csv")
        let mapping = try SchedulingSamples.mapping("calendly.mapping")
        let result = try fixture.run(.sessions, csv) { $0.mapping = mapping }
        #expect(result.counts.inserted == 5)
        #expect(result.ignoredHeaders.contains("Event Type Name"))
        #expect(try fixture.storedSessions() == [
            "E1>E2|2026-10-30 14:00|30|unknown|completed|Negotiating a raise",      // EDT, UTC−4
            "E1>E3|2026-11-03 15:00|20|unknown|completed|Moving into management",   // EST, UTC−5
            "E3>E4|2026-11-05 13:30|30|unknown|cancelled|Code review habits",       // Madrid, UTC+1
            "E2>E5|2026-11-10 11:00|45|unknown|completed|Pricing, discounts and the annual deal",
            "E2>E6|2026-11-12 03:45|30|unknown|completed|First 90 days in sales",   // Kolkata, UTC+5:30
        ])
        let again = try fixture.run(.sessions, csv) { $0.mapping = mapping }
        #expect(again.outcome == .unchanged)
    }

    @Test("an Outlook/Google Calendar export: separate date and time columns, US dates, 12-hour times, --time-zone")
    func outlook() throws {
        let csv = try SchedulingSamples.text("outlook-calendar.csv")
        let mapping = try SchedulingSamples.mapping("outlook.mapping")
        let result = try fixture.run(.sessions, csv) {
            $0.mapping = mapping
            $0.dateFormat = .us
            $0.timeZone = try #require(ImportTimeZone.named("Europe/Berlin"))
        }
        #expect(result.counts.inserted == 4)
        #expect(try fixture.storedSessions() == [
            "E1>E2|2026-11-17 08:00|30|video|completed|Career paths",
            "E3>E5|2026-11-18 13:00|20|call|completed|SQL tuning",
            "E2>E6|2026-11-19 11:00|30|coffee_chat|completed|Sales pitch",
            "E1>E4|2026-11-20 15:30|45|unknown|completed|Leadership",
        ])
    }

    @Test("the Outlook export with Subject and Topic stops, naming both columns, until --map decides")
    func subjectAndTopic() throws {
        let csv = try SchedulingSamples.text("outlook-calendar.csv")
        let withoutTopic = try SchedulingSamples.mapping("outlook.mapping").filter { $0.field != "topic" }
        let problems = try fixture.problems(.sessions, csv) {
            $0.mapping = withoutTopic
            $0.dateFormat = .us
        }
        let problem = try #require(problems.first { $0.message.contains("topic") })
        #expect(problem.line == 1)
        #expect(problem.message.contains("\"Subject\"") && problem.message.contains("\"Topic\""), "\(problem)")
        #expect(problem.remedy == .chooseColumn(field: "topic", headers: ["Subject", "Topic"]))
        #expect(try fixture.count("sessions") == 0)
        // Mapping the other column decides too.
        try fixture.run(.sessions, csv) {
            $0.mapping = withoutTopic + [try ProgramImportKind.sessions.parseMapping(["Subject=topic"])[0]]
            $0.dateFormat = .us
        }
        #expect(try fixture.storedSessions().first?.hasSuffix("|Micromentoring: Ann / Bo") == true)
    }
}

@Suite("Scheduling-tool exports: times, zones, status columns, mapping")
struct SchedulingRulesTests {
    let fixture: ProgramFixture
    init() throws { fixture = try .withCohorts() }

    static let header = "mentor_employee_id,mentee_employee_id,started_at,duration_minutes"

    @Test("12-hour times: 12:00 am is midnight, 12:00 pm noon; offsets in the value win")
    func twelveHour() throws {
        try fixture.run(.sessions, """
            \(Self.header),time_zone
            E1,E2,2026-11-24 12:00 am,20,
            E1,E3,2026-11-24 12:00 pm,20,
            E1,E4,2026-11-24 2:30 PM,20,
            E1,E5,2026-11-24 10:00 a.m.,20,
            E1,E6,2026-11-24T10:00:00-05:00,20,Asia/Tokyo
            E2,E3,2026-11-24 23:59:30,20,
            """) { _ in }
        #expect(try fixture.storedSessions().map { String($0.split(separator: "|")[1]) } == [
            "2026-11-24 00:00", "2026-11-24 10:00", "2026-11-24 12:00", "2026-11-24 14:30", "2026-11-24 15:00", "2026-11-24 23:59",
        ])
    }

    @Test("bad times and dates are line-numbered problems: 13:00 pm, 0:30 am, no time, ambiguous dates, skipped hours")
    func badTimes() throws {
        let problems = try fixture.problems(.sessions, """
            \(Self.header),tz
            E1,E2,2026-11-24 13:00 pm,20,
            E1,E2,2026-11-25 0:30 am,20,
            E1,E2,2026-11-26,20,
            E1,E2,11/24/2026 10:00,20,
            E1,E2,2026-03-08 02:30,20,America/New_York
            E1,E2,2026-11-27 10:00 EST,20,
            E1,E2,2026-11-28 24:00,20,
            """) { _ in }
        #expect(problems.count == 7, "\(problems)")
        #expect(problems.allSatisfy { $0.column == "started_at" })
        #expect(problems[0].line == 2 && problems[0].message.contains("13:00 pm is not a 12-hour time"))
        #expect(problems[1].line == 3 && problems[1].message.contains("0:30 am is not a 12-hour time"))
        #expect(problems[2].message.contains("no time of day"))
        #expect(problems[3].message.contains("not YYYY-MM-DD") && problems[3].remedy == .nameDateFormat)
        #expect(problems[4].message.contains("does not exist in America/New_York"))
        #expect(problems[5].message.contains("not an offset"))
        #expect(problems[6].message.contains("out of range"))
        #expect(try fixture.count("sessions") == 0)
    }

    @Test("IANA zones follow daylight saving: a day on each side of the change; the repeated hour is its first occurrence")
    func daylightSaving() throws {
        try fixture.run(.sessions, """
            \(Self.header),Time Zone
            E1,E2,2026-10-24 09:00,20,Europe/Berlin
            E1,E3,2026-10-26 09:00,20,Europe/Berlin
            E1,E4,2026-03-07 09:00,20,America/New_York
            E1,E5,2026-03-09 09:00,20,America/New_York
            E1,E6,2026-11-01 01:30,20,America/New_York
            E2,E3,2026-11-24 09:00,20,
            """) { $0.timeZone = try #require(ImportTimeZone.named("asia/tokyo")) }
        #expect(try fixture.storedSessions().map { String($0.split(separator: "|")[1]) } == [
            "2026-03-07 14:00", "2026-03-09 13:00", "2026-10-24 07:00", "2026-10-26 08:00", "2026-11-01 05:30",
            "2026-11-24 00:00", // --time-zone Asia/Tokyo for the row without a zone
        ])
    }

    @Test("an unknown or hostile zone name is a problem of its line and column")
    func unknownZones() throws {
        let problems = try fixture.problems(.sessions, """
            \(Self.header),Invitee Time Zone
            E1,E2,2026-11-24 10:00,20,Mars/Olympus_Mons
            E1,E3,2026-11-24 10:00,20,../../../etc/passwd
            E1,E4,2026-11-24 10:00,20,"Eastern\u{1B}[31m"
            E1,E5,2026-11-24 10:00,20,America/New_York
            """) { _ in }
        #expect(problems.map(\.line) == [2, 3, 4])
        #expect(problems.allSatisfy { $0.column == "Invitee Time Zone" && $0.message.contains("is not a time zone name") })
        #expect(problems[2].message.contains("\\u{1b}"), "control characters are shown escaped: \(problems[2].message)")
        #expect(ImportTimeZone.named("../../../etc/passwd") == nil)
        #expect(ImportTimeZone.named("Europe/Berlin")?.identifier == "Europe/Berlin")
    }

    @Test("Canceled and No-show columns set the status; both yes, or a contradicting status column, are problems")
    func statusColumns() throws {
        try fixture.run(.sessions, """
            \(Self.header),Cancelled,No Show
            E1,E2,2026-11-02T10:00:00Z,20,TRUE,FALSE
            E1,E3,2026-11-03T10:00:00Z,20,no,yes
            E1,E4,2026-11-04T10:00:00Z,20,0,0
            E1,E5,2026-11-05T10:00:00Z,20,,
            """) { _ in }
        #expect(try fixture.storedSessions().map { String($0.split(separator: "|")[4]) } == ["cancelled", "no_show", "completed", "completed"])
        let problems = try fixture.problems(.sessions, """
            \(Self.header),status,Canceled,No-show
            E2,E3,2026-11-06T10:00:00Z,20,,true,1
            E2,E4,2026-11-07T10:00:00Z,20,completed,yes,
            E2,E5,2026-11-08T10:00:00Z,20,cancelled,false,
            E2,E6,2026-11-09T10:00:00Z,20,no_show,,maybe
            E2,E6,2026-11-10T10:00:00Z,20,cancelled,true,no
            E2,E6,2026-11-11T10:00:00Z,20,scheduled,,false
            """) { _ in }
        #expect(problems.map(\.line) == [2, 3, 4, 5], "\(problems)")
        #expect(problems[0].column == "Canceled" && problems[0].message.contains("\"No-show\" marks it no_show"))
        #expect(problems[1].message.contains("contradicts the status completed in \"status\""))
        #expect(problems[2].message.contains("says false"))
        #expect(problems[3].column == "No-show" && problems[3].message.contains("not yes or no"))
        #expect(try fixture.count("sessions") == 4)
    }

    @Test("a session without a format is stored as unknown; a file may say unknown too")
    func unknownFormat() throws {
        try fixture.run(.sessions, "\(Self.header),format\nE1,E2,2026-11-02T10:00:00Z,20,\nE1,E3,2026-11-03T10:00:00Z,20,Unknown\n") { _ in }
        try fixture.run(.sessions, "\(Self.header)\nE1,E4,2026-11-04T10:00:00Z,20\n") { _ in }
        #expect(try fixture.storedSessions().map { String($0.split(separator: "|")[3]) } == ["unknown", "unknown", "unknown"])
    }

    @Test("two columns for one field stop the import naming both, for times and helpers as for topics")
    func ambiguousColumns() throws {
        let problems = try fixture.problems(.sessions, """
            mentor_employee_id,mentee_employee_id,Start Time,Start Date & Time,duration_minutes,Time Zone,Timezone
            E1,E2,2026-11-24 10:00,2026-11-24 10:00,20,UTC,UTC
            """) { _ in }
        #expect(problems.count == 2, "\(problems)")
        #expect(problems.contains { $0.message.contains("\"Start Time\" and \"Start Date & Time\"") && $0.message.contains("started_at") })
        #expect(problems.contains { $0.remedy == .chooseColumn(field: "time_zone", headers: ["Time Zone", "Timezone"]) })
        try fixture.run(.sessions, """
            mentor_employee_id,mentee_employee_id,Start Time,Start Date & Time,duration_minutes,Time Zone,Timezone
            E1,E2,2026-11-24 10:00,2026-11-24 11:00,20,UTC,Europe/Berlin
            """) { $0.mapping = try ProgramImportKind.sessions.parseMapping(["started_at=Start Date & Time", "time_zone=Timezone"]) }
        #expect(try fixture.storedSessions() == ["E1>E2|2026-11-24 10:00|20|unknown|completed|"])
    }

    @Test("hostile header names: escaped in messages, never a crash, never mapped by accident")
    func hostileHeaders() throws {
        let problems = try fixture.problems(.sessions, """
            mentor_employee_id,mentee_employee_id,started_at,duration_minutes,"To\u{1B}]pic","TOPIC",=HYPERLINK(1),,"\(String(repeating: "x", count: 5000))"
            E1,E2,2026-11-24T10:00:00Z,20,a,b,c,d,e
            """) { _ in }
        let problem = try #require(problems.first)
        #expect(problems.count == 1)
        #expect(problem.message.contains("\"To\\u{1b}]pic\"") && !problem.message.contains("\u{1B}"), "\(problem)")
        // A mapping naming a long or empty-looking header that is not there is a problem, not a match.
        let missing = try fixture.problems(.sessions, "\(Self.header),!!!\nE1,E2,2026-11-24T10:00:00Z,20,x\n") {
            $0.mapping = try ProgramImportKind.sessions.parseMapping(["topic=???", "format=" + String(repeating: "y", count: 300)])
        }
        #expect(missing.count == 2)
        #expect(missing.allSatisfy { $0.message.contains("that the file does not have") && $0.message.count < 200 })
    }

    @Test("mapping entries: field=Header or Header=field, one rule for every kind; unknown fields are usage errors")
    func mappingEntries() throws {
        let entries = try ProgramImportKind.sessions.parseMapping(["topic=Subject = Line", "Host Email = mentor_email", "# comment", ""])
        #expect(entries == [MappingEntries.Entry(field: "topic", header: "Subject = Line"),
                            MappingEntries.Entry(field: "mentor_email", header: "Host Email")])
        for bad in ["topic", "colour=Subject", "Subject=colour", "topic=", "topic=A\ntopic=B"] {
            #expect(throws: MMError.self, "\(bad)") { try ProgramImportKind.sessions.parseMapping(bad.components(separatedBy: "\n")) }
        }
        do {
            _ = try ProgramImportKind.cohorts.parseMapping(["colour=Farbe"])
        } catch let error as MMError {
            #expect(error.category == .usage && error.message.contains("unknown field \"colour\"") && error.details[0].contains("starts_on"))
        }
        #expect(try HeaderMapping.parseEntries(["department=Cost Centre", "Org Unit=department"]) == ["Cost Centre": .department, "Org Unit": .department])
    }

    @Test("--map and --date-format for cohorts, enrolments, mentors and outcomes")
    func otherKinds() throws {
        try fixture.run(.cohorts, "Programm,Beginn,Ende\nWinter,01.01.2027,31/03/2027\n") {
            $0.mapping = try ProgramImportKind.cohorts.parseMapping(["name=Programm", "starts_on=Beginn", "ends_on=Ende"])
            $0.dateFormat = .european
        }
        let winter = try fixture.connection.query("SELECT starts_on::text AS s, ends_on::text AS e FROM mm.cohorts WHERE name = 'Winter'").first
        #expect(try winter?.decode(String.self, "s") == "2027-01-01" && winter?.decode(String.self, "e") == "2027-03-31")
        let result = try fixture.run(.enrollments, "Programm,Mitarbeiter,Rolle,Seit\nWinter,E1,mentor,01/02/2027\n") {
            $0.mapping = try ProgramImportKind.enrollments.parseMapping(["cohort=Programm", "person_employee_id=Mitarbeiter", "Rolle=role", "enrolled_on=Seit"])
            $0.dateFormat = .us
        }
        #expect(result.counts.inserted == 1)
        #expect(try fixture.run(.mentors, "Person,Themen\nE2,sales; pricing\n") {
            $0.mapping = try ProgramImportKind.mentors.parseMapping(["mentor_employee_id=Person", "topics=Themen"])
        }.counts.inserted == 1)
        try fixture.run(.sessions, "id,\(Self.header)\nS1,E1,E2,2026-11-02T10:00:00Z,20\n") { _ in }
        try fixture.run(.outcomes, "Sitzung,Note,Eingang,Zone\nS1,5,11/03/2026 9:00 am,America/Chicago\n") {
            $0.mapping = try ProgramImportKind.outcomes.parseMapping(["session=Sitzung", "mentee_rating=Note", "submitted_at=Eingang", "time_zone=Zone"])
            $0.dateFormat = .us
        }
        let outcome = try fixture.connection.query("""
            SELECT mentee_rating, to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS t FROM mm.outcomes
            """).first
        #expect(try outcome?.decode(Int.self, "mentee_rating") == 5 && outcome?.decode(String.self, "t") == "2026-11-03 15:00")
        let ambiguous = try fixture.problems(.cohorts, "name,starts_on,ends_on\nSpring,03/01/2027,2027-05-31\n") { _ in }
        #expect(ambiguous.contains { $0.remedy == .nameDateFormat }, "\(ambiguous)")
        let missing = try fixture.problems(.mentors, "Person\nE2\n") {
            $0.mapping = try ProgramImportKind.mentors.parseMapping(["mentor_employee_id=Persona"])
        }
        #expect(missing.first?.message.contains("\"Persona\" that the file does not have") == true)
    }
}
