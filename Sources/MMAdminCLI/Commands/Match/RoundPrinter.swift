import MMCalendar
import Foundation
import MMDomain
import MMStore
import MMLocalCluster
import MMProgram
import MMMatching
import PostgresClient

/// Prints a cohort round: pairs, unmatched mentees and the quality figures.
enum RoundPrinter {
    static func print(_ result: RoundResult, format: OutputFormat) {
        switch format {
        case .table:
            Swift.print(headline(result))
            if !result.pairs.isEmpty { Swift.print("\n" + pairsTable(result).aligned()) }
            if !result.unmatched.isEmpty { Swift.print("\nNot matched:\n" + unmatchedTable(result).aligned()) }
            if !result.leftOut.isEmpty { Swift.print("\nLeft out (not waiting):\n" + leftOutTable(result).aligned()) }
            Swift.print("\n" + qualityLine(result.quality))
        case .csv:
            var table = pairsTable(result)
            table.rows += result.unmatched.map { [.text($0.menteeID), .date($0.waitingSince), .null, .null, .null, .text($0.reason)] }
            table.rows += result.leftOut.map { [.text($0.menteeID), .null, .null, .null, .null, .text($0.reason)] }
            Swift.print(table.csv(), terminator: "")
        case .json:
            Swift.print(json(result))
        }
    }

    static func headline(_ result: RoundResult) -> String {
        let stored = result.stored ? "stored as proposals (see: mmadmin match list)" : "dry run, nothing stored"
        return "Round \(result.round) of \(result.cohortName): \(result.pairs.count) pair\(result.pairs.count == 1 ? "" : "s"), "
            + "\(result.unmatched.count) mentee\(result.unmatched.count == 1 ? "" : "s") not matched"
            + (result.leftOut.isEmpty ? "" : ", \(result.leftOut.count) left out (not waiting)") + "; \(stored)."
    }

    static func pairsTable(_ result: RoundResult) -> Table {
        Table(columns: ["mentee_id", "waiting_since", "mentor_id", "mentor", "score", "reason"],
              rows: result.pairs.map {
                  [.text($0.menteeID), .date($0.waitingSince), .text($0.mentorID), .text($0.mentorName), .fixed($0.score, decimals: 2), .text($0.reason)]
              })
    }

    static func unmatchedTable(_ result: RoundResult) -> Table {
        Table(columns: ["mentee_id", "waiting_since", "reason"],
              rows: result.unmatched.map { [.text($0.menteeID), .date($0.waitingSince), .text($0.reason)] })
    }

    static func leftOutTable(_ result: RoundResult) -> Table {
        Table(columns: ["mentee_id", "reason"], rows: result.leftOut.map { [.text($0.menteeID), .text($0.reason)] })
    }

    static func qualityLine(_ quality: RoundQuality) -> String {
        func percent(_ value: Double?) -> String { value.map { String(format: "%.0f %%", $0 * 100) } ?? "n/a" }
        func number(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "n/a" }
        let mean = quality.matched == 0 ? nil : quality.totalScore / Double(quality.matched)
        return "Quality: total score \(String(format: "%.2f", quality.totalScore)) (mean \(number(mean))); "
            + "new ties \(percent(quality.newTieShare)); cross-department \(percent(quality.crossDepartmentShare)); "
            + "mentor load max/mean \(number(quality.maxToMeanLoad)), Gini \(number(quality.loadGini)); "
            + "matched \(quality.matched), unmatched \(quality.unmatched)."
    }

    static func json(_ result: RoundResult) -> String {
        let quality = result.quality
        let document: [String: Any] = [
            "cohort": result.cohortName,
            "round": result.round.description,
            "stored": result.stored,
            "pairs": result.pairs.map {
                ["mentee_id": $0.menteeID, "waiting_since": $0.waitingSince.description, "mentor_id": $0.mentorID,
                 "mentor": $0.mentorName, "score": $0.score, "reason": $0.reason, "new_tie": $0.newTie,
                 "cross_department": $0.crossDepartment] as [String: Any]
            },
            "unmatched": result.unmatched.map {
                ["mentee_id": $0.menteeID, "waiting_since": $0.waitingSince.description, "reason": $0.reason]
            },
            "left_out": result.leftOut.map { ["mentee_id": $0.menteeID, "reason": $0.reason] },
            "quality": [
                "matched": quality.matched, "unmatched": quality.unmatched, "total_score": quality.totalScore,
                "new_tie_share": quality.newTieShare ?? NSNull(), "cross_department_share": quality.crossDepartmentShare ?? NSNull(),
                "max_to_mean_load": quality.maxToMeanLoad ?? NSNull(), "load_gini": quality.loadGini ?? NSNull(),
            ] as [String: Any],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
