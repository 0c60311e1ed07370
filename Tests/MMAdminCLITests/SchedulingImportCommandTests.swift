import Foundation
import Testing
import TestSupport

@Suite("import sessions from scheduling tools, on the command line")
struct SchedulingImportCommandTests: CommandLineSuite {
    let conninfo: String

    init() throws {
        conninfo = try Self.database(roster: RosterFixture.baseRoster)
    }

    static let calendly = FixtureFiles.path("scheduling/calendly-scheduled-events.csv")
    static let outlook = FixtureFiles.path("scheduling/outlook-calendar.csv")

    @Test("the Calendly sample imports with its mapping file, as the README shows")
    func calendly() throws {
        let imported = try mmadmin(["import", "sessions", Self.calendly, "--mapping", FixtureFiles.path("scheduling/calendly.mapping")])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("5 rows read: 5 new"), "\(imported.stdout)")
        let listed = try mmadmin(["session", "list", "--format", "csv"])
        #expect(listed.stdout.contains("2026-10-30 14:00Z,30,E1,E2,unknown,Negotiating a raise"), "\(listed.stdout)")
        #expect(listed.stdout.contains(",cancelled"))
    }

    @Test("the Outlook sample stops on Subject and Topic with a hint, and imports once --map decides")
    func outlook() throws {
        let people = ["--map", "mentor_email=Meeting Organizer", "--map", "Required Attendees=mentee_email", "--date-format", "us"]
        let refused = try mmadmin(["import", "sessions", Self.outlook] + people)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("\"Subject\" and \"Topic\""), "\(refused.stderr)")
        #expect(refused.stderr.contains("--map topic=HEADER (for example --map topic=Subject)"), "\(refused.stderr)")
        let imported = try mmadmin(["import", "sessions", Self.outlook, "--mapping", FixtureFiles.path("scheduling/outlook.mapping"),
                                    "--date-format", "us", "--time-zone", "Europe/Berlin"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try mmadmin(["session", "list", "--format", "csv"]).stdout.contains("2026-11-17 08:00Z,30,E1,E2,video,Career paths"))
    }

    @Test("bad options are usage errors (64); columns the file lacks and bad values are data errors (65)", arguments: [
        (["--map", "colour=Subject"], Int32(64), "unknown field \"colour\""),
        (["--map", "no equals sign"], 64, "is not of the form"),
        (["--map", "topic=Subject", "--map", "topic=Topic"], 64, "two columns for topic"),
        (["--mapping", "/nonexistent/mapping.txt"], 64, "cannot be read"),
        (["--time-zone", "Mars/Olympus_Mons"], 64, "--time-zone takes an IANA time zone name"),
        (["--date-format", "martian"], 64, "--date-format takes iso, us"),
        (["--map", "topic=Agenda"], 65, "names a column \"Agenda\" that the file does not have"),
        (["--map", "topic=Topic"], 65, "other formats need --date-format"),
    ])
    func refusals(options: [String], status: Int32, message: String) throws {
        let result = try mmadmin(["import", "sessions", Self.outlook,
                                  "--map", "mentor_email=Meeting Organizer", "--map", "mentee_email=Required Attendees"] + options)
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try mmadmin(["session", "list", "--format", "csv"]).stdout.split(separator: "\n").count <= 1)
    }

    @Test("every import kind documents mapping and date formats; sessions also time zones and status columns")
    func help() throws {
        for kind in ["cohorts", "enrollments", "mentors", "sessions", "outcomes"] {
            let help = try CommandRunner.run(["import", kind, "--help"]).stdout
            #expect(help.contains("--map <mapping>") && help.contains("--mapping <path>") && help.contains("--date-format"), "\(kind)")
            #expect(help.contains("--time-zone <name>"), "\(kind)")
        }
        let cohorts = try mmadmin(["import", "cohorts", Self.outlook, "--time-zone", "Europe/Berlin"])
        #expect(cohorts.status == 64 && cohorts.stderr.contains("--time-zone applies to sessions and outcomes"), "\(cohorts.stderr)")
        let sessions = try CommandRunner.run(["import", "sessions", "--help"]).stdout
        for words in ["12-hour", "America/New_York", "Canceled", "unknown", "time_zone", "no_show"] {
            #expect(sessions.contains(words), "\(words)")
        }
    }
}
