import MMStore

/// How an import's counts read on the command line.
extension ImportCounts {
    /// "6 rows read: 1 new, 2 updated, 0 reactivated, 1 deactivated, 3 unchanged".
    var rosterSummary: String {
        "\(rowsAndChanges), \(reactivated) reactivated, \(deactivated) deactivated, \(unchanged) unchanged"
    }

    /// "4 rows read: 4 new, 0 updated, 0 unchanged", and the cohort enrolments sessions added.
    var programSummary: String {
        "\(rowsAndChanges), \(unchanged) unchanged" + (enrolled > 0 ? ", \(enrolled) cohort enrolments added" : "")
    }

    private var rowsAndChanges: String {
        "\(rowsRead) row\(rowsRead == 1 ? "" : "s") read: \(inserted) new, \(updated) updated"
    }
}
