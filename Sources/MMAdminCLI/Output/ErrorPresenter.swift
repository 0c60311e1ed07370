import Foundation
import MMDomain
import MMStore
import PostgresClient

/// Turns errors into what the user sees: one sentence plus detail lines, a hint naming the
/// command or flag that helps, and the exit status (DESIGN.md's command-line contract).
/// Argument-parser errors (help, usage) are left to the parser, which exits 0 or 64.
enum ErrorPresenter {
    struct Presented {
        let text: String
        let exitCode: Int32
    }

    static let maximumProblemsShown = 50

    static func present(_ error: any Error) -> Presented? {
        switch error {
        case let error as MMError:
            var lines = ["error: \(error.description)"]
            if let remedy = error.remedy { lines += hint(remedy).map { "  \($0)" } }
            return Presented(text: lines.joined(separator: "\n"), exitCode: exitCode(error.category))
        case let rejected as ImportRejected:
            let shown = rejected.problems.prefix(maximumProblemsShown).map { "  \(sentence($0))" }
            var lines = ["error: \(rejected.message)"] + shown
            if rejected.problems.count > maximumProblemsShown {
                lines.append("  … and \(rejected.problems.count - maximumProblemsShown) more (--errors-csv PATH writes them all)")
            }
            return Presented(text: lines.joined(separator: "\n"), exitCode: 65)
        case let error as PostgresError:
            return present(DatabaseErrorMapping.map(error))
        default:
            return nil
        }
    }

    /// The exit status of each kind of failure (sysexits.h values).
    static func exitCode(_ category: MMError.Category) -> Int32 {
        switch category {
        case .usage: return 64
        case .dataError: return 65
        case .unreadableInput: return 66
        case .unavailable: return 69
        case .unwritableOutput: return 74
        case .busy: return 75
        case .internalError: return 70
        }
    }

    /// A problem of an input file, located, with its hint when it has one.
    static func sentence(_ problem: ImportProblem) -> String {
        problem.description + hintSuffix(problem)
    }

    /// A problem's message with its hint, without the location (for a file of problems that
    /// has line and column columns).
    static func message(_ problem: ImportProblem) -> String {
        problem.message + hintSuffix(problem)
    }

    private static func hintSuffix(_ problem: ImportProblem) -> String {
        problem.remedy.map { "; " + hint($0).joined(separator: " ") } ?? ""
    }

    /// What to type to get out of the error: the only place remedies meet flag and command names.
    static func hint(_ remedy: Remedy) -> [String] {
        switch remedy {
        case .importRoster:
            return ["Employees come from roster imports: mmadmin import roster FILE"]
        case .listCohorts:
            return ["List them with: mmadmin cohort list"]
        case .listMetrics:
            return ["List them with: mmadmin metrics list"]
        case .enrol(let cohort, let employeeID, let role):
            let option = role.map { $0 == .mentor ? "--mentors" : "--mentees" } ?? "--mentors/--mentees"
            return ["Enrol them with: mmadmin cohort enroll \(shellQuoted(cohort)) \(option) \(shellQuoted(employeeID))"]
        case .allowInactive:
            return ["To record a past session with someone who has left, add --allow-inactive."]
        case .startLocalClusterOrConfigureDatabase:
            return ["Start the local cluster with: mmadmin local start",
                    "or point mmadmin at a server with --database-url or DATABASE_URL."]
        case .migrateDatabase:
            return ["Run: mmadmin db migrate"]
        case .waitLongerForLock:
            return ["Wait longer with --lock-timeout SECONDS."]
        case .confirmDeactivationsOrImportPartial:
            return ["If this is right, rerun with --confirm-deactivations; to add or update only some people, use --partial."]
        case .backfill:
            return ["pass --backfill to load older history"]
        case .nameDateFormat:
            return ["other formats need --date-format us (MM/DD/YYYY) or eu (DD/MM/YYYY, DD.MM.YYYY)"]
        case .mapHeader(let field):
            return ["name one with --map \"\(field)=Your Header\""]
        case .chooseColumn(let field, let headers):
            let example = headers.first { header in
                header.count <= 60 && !header.unicodeScalars.contains { $0.properties.generalCategory == .control }
            }
            return ["choose one with --map \(field)=HEADER"
                    + (example.map { " (for example --map \(field)=\(shellQuoted($0)))" } ?? "")]
        case .nameRoundDay:
            return ["Give the round's day with --round YYYY-MM-DD."]
        case .createMentorProfile(let employeeID):
            return ["Create one with: mmadmin mentor set \(shellQuoted(employeeID)) --topics …"]
        case .undoImport(let number):
            return ["Undo it first: mmadmin import undo \(number)"]
        }
    }

    /// `value` as one shell word: bare when it is plain, single-quoted otherwise.
    static func shellQuoted(_ value: String) -> String {
        let plain = value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.@+/:".contains($0)) }
        return plain && !value.isEmpty ? value : "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
