import ArgumentParser
@testable import MMAdminCLI
import Testing

@Suite("Help text")
struct HelpTests {
    @Test("the root help is pinned")
    func rootHelp() {
        #expect(MMAdmin.helpMessage(columns: 100) == """
            OVERVIEW: Run corporate micromentoring programs: rosters, cohorts, sessions, metrics and reports.

            Data lives in PostgreSQL. mmadmin connects to --database-url, else DATABASE_URL, else the PG*
            variables; with none of these it uses the project-local cluster in ./.mmadmin (start it with
            `mmadmin local start`).

            Exit status: 0 success, 64 bad usage, 65 bad input data, 66 input unreadable, 69 database
            unreachable, 70 internal error, 74 output not written, 75 another import holds the lock.

            USAGE: mmadmin <subcommand>

            OPTIONS:
              --version               Show the version.
              -h, --help              Show help information.

            SUBCOMMANDS:
              local                   Manage the project-local PostgreSQL cluster in ./.mmadmin.
              db                      Apply and inspect the schema: sql/migrations and sql/definitions.
              import                  Load CSV files: all-or-nothing, idempotent, one import at a time.
              employees               List and show employees as imported from rosters.
              cohort                  Create and correct cohorts, enrol and withdraw people, and close cohorts.
              mentor                  Set mentors' topics and monthly capacity; pause and resume them.
              topic                   Merge spellings of topics (aliases) for topic metrics and mentor lists.
              session                 Log sessions, list them, correct them, and move scheduled ones on.
              outcome                 Record how sessions went and read the feedback back.
              match                   Suggest micromentors and pair a cohort's waiting mentees.
              metrics                 List and show the metrics in the mm_metrics schema.
              report                  Write program reports for leadership.
              settings                Show and change program-wide settings: privacy threshold, matching.
              audit                   See every change made to the program's data: who, when, before and after.
              demo                    Generate a synthetic organisation's export files for trying mmadmin out.

              See 'mmadmin help <subcommand>' for detailed help.
            """)
    }

    @Test("db migrate's help is pinned")
    func migrateHelp() {
        #expect(MMAdmin.helpMessage(for: DatabaseMigrate.self, columns: 100) == """
            OVERVIEW: Apply pending migrations, then the view and function definitions that changed.

            Migrations run once each, in their own transaction; an applied migration whose file has changed is
            refused (exit 65). Definitions (sql/definitions) are applied again whenever their text changes or a
            migration ran. Safe to run any time: concurrent runs wait for each other, and a second run applies
            nothing.

            USAGE: mmadmin db migrate [--database-url <url>]

            OPTIONS:
              --database-url <url>    A postgresql:// URI or key=value connection string.
                    Defaults to DATABASE_URL, then the PG* variables, then the local cluster.
              --version               Show the version.
              -h, --help              Show help information.

            """)
    }

    /// Every command reachable from the root, depth first.
    static func allCommands(_ command: any ParsableCommand.Type = MMAdmin.self) -> [any ParsableCommand.Type] {
        [command] + command.configuration.subcommands.flatMap { allCommands($0) }
    }

    @Test("every command explains itself")
    func everyCommandHasHelp() {
        let commands = Self.allCommands()
        #expect(commands.count >= 9)
        for command in commands {
            let abstract = command.configuration.abstract
            #expect(!abstract.isEmpty, "\(command) has no abstract")
            #expect(abstract.hasSuffix("."), "\(command)'s abstract is not a sentence")
            #expect(MMAdmin.helpMessage(for: command, columns: 10_000).contains(abstract))
        }
    }

    @Test("match intros' help names every placeholder, the slot rule and the outputs")
    func introsHelp() {
        let help = MMAdmin.helpMessage(for: MatchIntros.self, columns: 1000)
        for placeholder in ["mentee_name", "mentee_email", "mentor_name", "mentor_email", "topic", "slot", "minutes", "cohort",
                            "reason"] {
            #expect(help.contains("{{\(placeholder)}}"), "\(placeholder)")
        }
        #expect(help.contains("intros.csv") && help.contains("intros.ics") && help.contains("intro-<proposal>.eml"))
        #expect(help.contains("every weekday from the first day to the last"))
        #expect(help.contains("USAGE: mmadmin match intros [--cohort <cohort>] [--round <YYYY-MM-DD>] [--status <status>] [--out <dir>]"))
    }
}
