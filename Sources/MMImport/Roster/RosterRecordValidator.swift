import Foundation
import PostgresClient

/// Checks each roster record on its own and against the rest of the file (duplicate ids and
/// e-mails), collecting every problem rather than stopping at the first.
struct RosterRecordValidator {
    let mapping: HeaderMapping
    let asOf: CalendarDate
    let dateFormat: DateFormat
    private(set) var problems: [ImportProblem] = []
    private(set) var rowsRead = 0
    /// employee id → the line it first appeared on.
    private(set) var lineOfEmployee: [String: Int] = [:]
    /// employee id → manager id, for cycle detection.
    private(set) var managerOf: [String: String] = [:]
    /// Employee ids in file order (first occurrences).
    private(set) var employeesInOrder: [String] = []
    private var lineOfEmail: [String: Int] = [:]
    /// Status words seen so far (files repeat a handful of them).
    private var statusWords: [String: EmploymentStatus?] = [:]

    /// `expectedRows` sizes the lookup tables up front.
    init(mapping: HeaderMapping, asOf: CalendarDate, dateFormat: DateFormat, expectedRows: Int = 0) {
        self.mapping = mapping
        self.asOf = asOf
        self.dateFormat = dateFormat
        lineOfEmployee.reserveCapacity(expectedRows)
        lineOfEmail.reserveCapacity(expectedRows)
        managerOf.reserveCapacity(expectedRows)
        employeesInOrder.reserveCapacity(expectedRows)
    }

    mutating func report(_ line: Int?, _ field: RosterField?, _ message: String) {
        let column = field.flatMap { mapping.columns[$0]?.first }.map { mapping.headers[$0] }
        problems.append(ImportProblem(line: line, column: column, message: message))
    }

    /// Validates one record. Returns the row for staging whenever it has an id and an e-mail,
    /// even with other problems, so the database checks can report on it in the same run; the
    /// import is refused anyway when any problem was found.
    mutating func validate(line: Int, fields: [CSVReader.Field], reader: CSVReader) -> RosterRow? {
        rowsRead += 1
        guard fields.count == mapping.headers.count else {
            report(line, nil, "has \(fields.count) fields but the header has \(mapping.headers.count)")
            return nil
        }

        /// The first non-empty value among the field's columns.
        func text(_ field: RosterField, trimmed: Bool) -> String? {
            for column in mapping.columns[field] ?? [] {
                let cell = fields[column]
                if reader.isBlank(cell) { continue }
                guard let value = reader.string(cell, trimmed: trimmed) else {
                    problems.append(ImportProblem(line: line, column: mapping.headers[column],
                                                  message: "is not valid UTF-8 text; save the file as UTF-8"))
                    return nil
                }
                // Counting characters is slow; a value with few enough bytes is short enough.
                guard value.utf8.count <= field.maximumLength || value.count <= field.maximumLength else {
                    report(line, field, "is \(value.count) characters long; the limit is \(field.maximumLength)")
                    return nil
                }
                return value
            }
            return nil
        }

        func date(_ field: RosterField) -> CalendarDate? {
            guard let value = text(field, trimmed: true) else { return nil }
            guard let parsed = dateFormat.parse(value) else {
                let accepted = dateFormat == .iso ? "YYYY-MM-DD (other formats need --date-format)"
                                                  : "\(dateFormat.rawValue) or YYYY-MM-DD"
                report(line, field, "\"\(value)\" is not a date in \(accepted)")
                return nil
            }
            return parsed
        }

        let employeeID = text(.employeeID, trimmed: true)
        if employeeID == nil { report(line, .employeeID, "the employee id is missing") }
        let email = text(.email, trimmed: true)
        var emailIsPlausible = false
        if let email {
            emailIsPlausible = EmailAddress.isPlausible(email)
            if !emailIsPlausible { report(line, .email, "\"\(email)\" is not an e-mail address") }
        } else {
            report(line, .email, "the e-mail address is missing")
        }
        let managerID = text(.managerID, trimmed: true)
        let hireDate = date(.hireDate)
        let leftOn = date(.terminationDate)
        var status = EmploymentStatus.active
        if let word = text(.status, trimmed: true) {
            let known = statusWords[word] ?? EmploymentStatus(word: word)
            statusWords[word] = known
            if let parsed = known {
                status = parsed
            } else {
                report(line, .status, "\"\(word)\" is not a known employment status (such as Active, On Leave, Terminated)")
            }
        }
        if let leftOn, leftOn <= asOf { status = .inactive }
        let row = RosterRow(
            line: line, employeeID: employeeID ?? "", email: email ?? "",
            givenName: text(.givenName, trimmed: false), familyName: text(.familyName, trimmed: false),
            department: text(.department, trimmed: false), title: text(.title, trimmed: false),
            location: text(.location, trimmed: false), managerID: managerID, hireDate: hireDate,
            status: status, leftOn: leftOn)

        if let employeeID {
            if let first = lineOfEmployee[employeeID] {
                report(line, .employeeID, "the employee id \(employeeID) already appears on line \(first)")
            } else {
                lineOfEmployee[employeeID] = line
                employeesInOrder.append(employeeID)
                if let managerID { managerOf[employeeID] = managerID }
            }
            if managerID == employeeID { report(line, .managerID, "\(employeeID) is named as their own manager") }
        }
        // A malformed address is reported once, not again as a duplicate of the next one.
        if let email, emailIsPlausible {
            let key = email.lowercased()
            if let first = lineOfEmail[key] {
                report(line, .email, "the e-mail address \(email) already appears on line \(first)")
            } else {
                lineOfEmail[key] = line
            }
        }
        return employeeID != nil && email != nil ? row : nil
    }
}

/// Finds management cycles (A manages B manages … manages A).
enum ManagerCycles {
    /// Each cycle that passes through someone in `fileLinks`, as the ids along it (starting at
    /// the id seen first in the file). `fileOrder` lists the file's ids in order; `order` maps
    /// them to lines; `storedLinks` are the database's links for everyone else.
    static func find(fileLinks: [String: String], storedLinks: [String: String], fileOrder: [String],
                     order: [String: Int]) -> [[String]] {
        var state: [String: UInt8] = [:] // 1: on the current path, 2: finished
        state.reserveCapacity(fileOrder.count)
        var cycles: [[String]] = []
        for start in fileOrder where fileLinks[start] != nil && state[start] == nil {
            var path: [String] = []
            var current: String? = start
            while let node = current, state[node] == nil {
                state[node] = 1
                path.append(node)
                current = fileLinks[node] ?? (order[node] == nil ? storedLinks[node] : nil)
            }
            if let node = current, state[node] == 1, let index = path.firstIndex(of: node) {
                var cycle = Array(path[index...])
                // Start at the person listed first in the file, for a stable message.
                if let first = cycle.indices.min(by: { order[cycle[$0], default: .max] < order[cycle[$1], default: .max] }) {
                    cycle = Array(cycle[first...] + cycle[..<first])
                }
                cycles.append(cycle)
            }
            for node in path { state[node] = 2 }
        }
        return cycles
    }
}
