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
    /// The people of the file in order, with their managers.
    private(set) var people: FilePeople
    private var lineOfEmail: [String: Int] = [:]
    /// Status words seen so far (files repeat a handful of them).
    private var statusWords: [String: EmploymentStatus?] = [:]

    /// `expectedRows` sizes the lookup tables up front.
    init(mapping: HeaderMapping, asOf: CalendarDate, dateFormat: DateFormat, expectedRows: Int = 0) {
        self.mapping = mapping
        self.asOf = asOf
        self.dateFormat = dateFormat
        people = FilePeople(expectedCount: expectedRows)
        lineOfEmail.reserveCapacity(expectedRows)
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
            for column in mapping.columnsByOrdinal[field.ordinal] {
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
            if let first = people.add(employeeID, line: line, managerID: managerID) {
                report(line, .employeeID, "the employee id \(employeeID) already appears on line \(first)")
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

/// The people a roster file lists, in file order, with their managers.
struct FilePeople {
    private(set) var ids: [String] = []
    private(set) var lines: [Int] = []
    private(set) var managers: [String?] = []
    private var position: [String: Int] = [:]

    init(expectedCount: Int) {
        ids.reserveCapacity(expectedCount)
        lines.reserveCapacity(expectedCount)
        managers.reserveCapacity(expectedCount)
        position.reserveCapacity(expectedCount)
    }

    /// Adds a person; returns the line they already appeared on instead when they did.
    mutating func add(_ id: String, line: Int, managerID: String?) -> Int? {
        let next = ids.count
        let existing = position[id, default: next]
        guard existing == next else { return lines[existing] }
        position[id] = next
        ids.append(id)
        lines.append(line)
        managers.append(managerID)
        return nil
    }

    /// The index of `id` in file order.
    func index(of id: String) -> Int? { position[id] }

    /// Whether some manager is not listed in the file (and must be looked up in the database).
    var referencesOutsiders: Bool {
        managers.contains { $0.map { position[$0] == nil } ?? false }
    }
}

/// Finds management cycles (A manages B manages … manages A).
enum ManagerCycles {
    /// Each cycle passing through someone in the file, as the ids along it, starting with the
    /// person listed first. `storedLinks` are the database's links for people not in the file.
    static func find(in people: FilePeople, storedLinks: [String: String]) -> [[String]] {
        // A node is a file position, or an outsider's id (someone only the database knows).
        enum Node: Hashable {
            case listed(Int)
            case outsider(String)
        }
        func node(_ id: String) -> Node { people.index(of: id).map(Node.listed) ?? .outsider(id) }
        let managerNodes: [Node?] = people.managers.map { $0.map(node) }
        func next(_ current: Node) -> Node? {
            switch current {
            case .listed(let index): return managerNodes[index]
            case .outsider(let id): return storedLinks[id].map(node)
            }
        }
        func id(_ node: Node) -> String {
            switch node {
            case .listed(let index): return people.ids[index]
            case .outsider(let id): return id
            }
        }
        var fileState = [UInt8](repeating: 0, count: people.ids.count) // 1: on the path, 2: done
        var outsiderState: [String: UInt8] = [:]
        func state(_ node: Node) -> UInt8 {
            switch node {
            case .listed(let index): return fileState[index]
            case .outsider(let id): return outsiderState[id, default: 0]
            }
        }
        func mark(_ node: Node, _ value: UInt8) {
            switch node {
            case .listed(let index): fileState[index] = value
            case .outsider(let id): outsiderState[id] = value
            }
        }
        var cycles: [[String]] = []
        var path: [Node] = []
        for start in people.ids.indices where fileState[start] == 0 && managerNodes[start] != nil {
            path.removeAll(keepingCapacity: true)
            var current: Node? = .listed(start)
            while let here = current, state(here) == 0 {
                mark(here, 1)
                path.append(here)
                current = next(here)
            }
            if let here = current, state(here) == 1, let loopStart = path.firstIndex(of: here) {
                let cycle = Array(path[loopStart...])
                // Start at the person listed first in the file, for a stable message.
                func order(_ node: Node) -> Int { if case .listed(let index) = node { return index } else { return .max } }
                let first = cycle.indices.min { order(cycle[$0]) < order(cycle[$1]) }!
                cycles.append((cycle[first...] + cycle[..<first]).map(id))
            }
            for visited in path { mark(visited, 2) }
        }
        return cycles
    }
}
