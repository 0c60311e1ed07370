import MMDomain
import MMCalendar
import MMMatching
import MMStore

/// The store's typed rows as output tables. Column names are part of the CSV and JSON
/// contract: scripts read them.
extension Table {
    init(cohorts: [CohortRepository.Listed]) {
        self.init(columns: ["name", "external_id", "starts_on", "ends_on", "state", "mentors", "mentees", "sessions"],
                  rows: cohorts.map {
            [.text($0.name), Cell($0.externalID), .date($0.startsOn), .date($0.endsOn), .text($0.closed ? "closed" : "open"),
             .integer($0.mentors), .integer($0.mentees), .integer($0.completedSessions)]
        })
    }

    init(cohort: CohortRepository.Summary) {
        self.init(columns: ["name", "starts_on", "ends_on", "closed_on", "mentors", "mentees", "completed_sessions",
                            "mentor_capacity_per_month"],
                  rows: [[.text(cohort.name), .date(cohort.startsOn), .date(cohort.endsOn), Cell(cohort.closedOn),
                          .integer(cohort.mentors), .integer(cohort.mentees), .integer(cohort.completedSessions),
                          .integer(cohort.mentorCapacityPerMonth)]])
    }

    init(members: [CohortRepository.Member]) {
        self.init(columns: ["employee_id", "name", "role", "enrolled_on", "left_on", "completed_sessions"], rows: members.map {
            [.text($0.employeeID), .text($0.name), .text($0.role), .date($0.enrolledOn), Cell($0.leftOn), .integer($0.completedSessions)]
        })
    }

    static let employeeColumns = ["employee_id", "email", "given_name", "family_name", "department", "title", "location",
                                  "manager_id", "hire_date", "status", "left_on"]

    static func employeeCells(_ record: EmployeeRepository.Record) -> [Cell] {
        [.text(record.employeeID), Cell(record.email), Cell(record.givenName), Cell(record.familyName), Cell(record.department),
         Cell(record.title), Cell(record.location), Cell(record.managerID), Cell(record.hireDate), .text(record.status),
         Cell(record.leftOn)]
    }

    init(employees: [EmployeeRepository.Record]) {
        self.init(columns: Self.employeeColumns, rows: employees.map(Self.employeeCells))
    }

    /// One employee as field/value lines.
    init(employee: EmployeeRepository.Record) {
        self.init(columns: ["field", "value"],
                  rows: zip(Self.employeeColumns, Self.employeeCells(employee)).map { [.text($0), $1] })
    }

    init(history: [EmployeeRepository.Period]) {
        self.init(columns: ["valid_from", "valid_to", "department", "title", "location", "manager_id", "status"], rows: history.map {
            [.date($0.validFrom), Cell($0.validTo), Cell($0.department), Cell($0.title), Cell($0.location), Cell($0.managerID),
             .text($0.status)]
        })
    }

    init(mentors: [MentorRepository.Listed]) {
        self.init(columns: ["employee_id", "name", "department", "topics", "capacity", "load_this_month", "active", "load"],
                  rows: mentors.map {
            [.text($0.employeeID), .text($0.name), Cell($0.department), .text($0.topics.joined(separator: ", ")),
             .integer($0.monthlyCapacity), .integer($0.load), .boolean($0.active), .text(Self.flag($0.band))]
        })
    }

    init(imports: [ImportHistory.Logged]) {
        self.init(columns: ["import", "kind", "file", "sha256", "as_of", "rows", "inserted", "updated", "deactivated",
                            "unchanged", "os_user", "db_user", "started_at", "finished_at", "undone_at", "undone_by"],
                  rows: imports.map {
            [.integer($0.importID), .text($0.kind), .text($0.fileName), .text($0.sha256), Cell($0.asOf), .integer($0.rowsRead),
             .integer($0.inserted), .integer($0.updated), .integer($0.deactivated), .integer($0.unchanged), Cell($0.osUser),
             .text($0.dbUser), .timestamp($0.startedAt), $0.finishedAt.map(Cell.timestamp) ?? .null,
             $0.undoneAt.map(Cell.timestamp) ?? .null, Cell($0.undoneBy)]
        })
    }

    /// The audit trail; `withImages` adds the rows before and after as JSON text (for JSON and CSV).
    init(audit: [AuditTrail.Entry], withImages: Bool) {
        self.init(columns: ["audit", "at", "os_user", "db_user", "entity", "key", "action", "import", "undo_of", "changes"]
                           + (withImages ? ["before", "after", "command"] : []),
                  rows: audit.map {
            [.integer($0.auditID), .timestamp($0.changedAt), Cell($0.osUser), .text($0.dbUser), .text($0.entity), .text($0.key),
             .text($0.action), Cell($0.importID), Cell($0.undoOf), .text($0.changes.joined(separator: "; "))]
                + (withImages ? [Cell($0.before), Cell($0.after), Cell($0.command)] : [])
        })
    }

    /// How `mentor list` names a load band: over capacity and idle stand out.
    static func flag(_ band: LoadBand) -> String {
        switch band {
        case .idle: "IDLE"
        case .under: "under capacity"
        case .at: "at capacity"
        case .over: "OVER CAPACITY"
        }
    }

    init(sessions: [SessionRepository.Listed]) {
        self.init(columns: ["session", "external_id", "started_at", "minutes", "mentor_id", "mentee_id", "format", "topic",
                            "cohort", "status", "rating"], rows: sessions.map {
            [.integer($0.sessionID), Cell($0.externalID), .timestamp($0.startedAt), .integer($0.minutes), .text($0.mentorID),
             .text($0.menteeID), .text($0.format), Cell($0.topic), Cell($0.cohort), .text($0.status), Cell($0.menteeRating)]
        })
    }

    init(metrics: [MetricsRepository.Relation]) {
        self.init(columns: ["name", "meaning"], rows: metrics.map { [.text($0.name), .text($0.meaning)] })
    }

    /// A metric relation; `readable` rounds fractions to three decimals for people (programs
    /// get every digit).
    init(_ stored: StoredRows, readable: Bool) {
        self.init(columns: stored.columns, rows: stored.rows.map { row in
            row.map { value in
                if readable, case .number(let number) = value, number != number.rounded() { return .fixed(number, decimals: 3) }
                return Cell(value)
            }
        })
    }

    init(proposals: [ProposalRepository.Listed]) {
        self.init(columns: ["proposal_id", "cohort", "round", "mentee_id", "mentee", "mentee_email", "mentor_id", "mentor",
                            "mentor_email", "score", "status", "reason"],
                  rows: proposals.map {
            [.integer($0.proposalID), .text($0.cohort), .date($0.round), .text($0.menteeID), Cell($0.menteeName),
             .text($0.menteeEmail), .text($0.mentorID), Cell($0.mentorName), .text($0.mentorEmail),
             .fixed($0.score, decimals: 2), .text($0.status), .text($0.reason)]
        })
    }
}
