import MMDomain
import MMCalendar
import Foundation
import PostgresClient

/// Checks each roster record on its own and against the rest of the file (duplicate ids and
/// e-mails), collecting every problem rather than stopping at the first.
struct RosterRecordValidator: RowValidator {
    let mapping: HeaderMapping
    let asOf: CalendarDate
    let dateFormat: DateFormat
    private(set) var problems: [ImportProblem] = []
    /// Rows marked inactive without a termination date (they leave on the as-of date).
    private(set) var undatedLeavers = 0
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

    private mutating func report(_ line: Int?, _ field: RosterField?, _ message: String, remedy: Remedy? = nil) {
        let column = field.flatMap(mapping.header(of:))
        problems.append(ImportProblem(line: line, column: column, message: message, remedy: remedy))
    }

    /// Validates one record and, whenever it has an id and an e-mail, appends it to `rows` in
    /// the staging table's column order (`RosterStore.stagingColumns`), even with other
    /// problems, so the database checks can report on it in the same run; the import is
    /// refused anyway when any problem was found. Names, department, title and location go
    /// from the file's bytes to `rows` without becoming Strings: a large roster is mostly them.
    mutating func validate(line: Int, fields: [CSVReader.Field], reader: CSVReader, into rows: inout CopyTextEncoder) {
        /// The file column holding the field's value: the first non-blank one among the field's
        /// columns, or nil when there is none or it is unusable (reported).
        func column(_ field: RosterField, trimmed: Bool) -> Int? {
            for column in mapping.columnsByOrdinal[field.ordinal] {
                let cell = fields[column]
                if reader.isBlank(cell) { continue }
                let check = reader.withBytes(cell, trimmed: trimmed) { Self.check($0, limit: field.maximumLength) }
                switch check {
                case .usable:
                    return column
                case .notUTF8:
                    problems.append(ImportProblem(line: line, column: mapping.headers[column],
                                                  message: "is not valid UTF-8 text; save the file as UTF-8"))
                case .tooLong(let characters):
                    report(line, field, "is \(characters) characters long; the limit is \(field.maximumLength)")
                }
                return nil
            }
            return nil
        }

        func text(_ field: RosterField) -> String? {
            column(field, trimmed: true).flatMap { reader.string(fields[$0], trimmed: true) }
        }

        func date(_ field: RosterField) -> CalendarDate? {
            guard let column = column(field, trimmed: true) else { return nil }
            if let parsed = reader.withBytes(fields[column], trimmed: true, { CalendarDate(isoUTF8: $0) }) {
                return parsed
            }
            guard let value = reader.string(fields[column], trimmed: true) else { return nil }
            guard let parsed = dateFormat.parse(value) else {
                report(line, field, "\"\(value)\" is not a date in \(dateFormat.accepted)", remedy: dateFormat == .iso ? .nameDateFormat : nil)
                return nil
            }
            return parsed
        }

        let employeeID = text(.employeeID)
        if employeeID == nil { report(line, .employeeID, "the employee id is missing") }
        let email = text(.email)
        var emailIsPlausible = false
        if let email {
            emailIsPlausible = EmailAddress.isPlausible(email)
            if !emailIsPlausible { report(line, .email, "\"\(email)\" is not an e-mail address") }
        } else {
            report(line, .email, "the e-mail address is missing")
        }
        let managerID = text(.managerID)
        let hireDate = date(.hireDate)
        let leftOn = date(.terminationDate)
        var status = EmploymentStatus.active
        if let word = text(.status) {
            let known = statusWords[word] ?? EmploymentStatus(word: word)
            statusWords[word] = known
            if let parsed = known {
                status = parsed
            } else {
                report(line, .status, "\"\(word)\" is not a known employment status (such as Active, On Leave, Terminated)")
            }
        }
        if let leftOn, leftOn <= asOf { status = .inactive }
        if status == .inactive, leftOn == nil { undatedLeavers += 1 }
        let givenName = column(.givenName, trimmed: false)
        let familyName = column(.familyName, trimmed: false)
        let department = column(.department, trimmed: false)
        let title = column(.title, trimmed: false)
        let location = column(.location, trimmed: false)

        if let employeeID {
            if let first = people.add(employeeID, line: line, managerID: managerID) {
                report(line, .employeeID, "the employee id \(employeeID) already appears on line \(first)")
            }
            if managerID == employeeID { report(line, .managerID, "\(employeeID) is named as their own manager") }
        }
        // A malformed address is reported once, not again as a duplicate of the next one.
        if let email, emailIsPlausible {
            let key = Self.caseFolded(email)
            if let first = lineOfEmail.updateValue(line, forKey: key) {
                lineOfEmail[key] = first
                report(line, .email, "the e-mail address \(email) already appears on line \(first)")
            }
        }
        guard let employeeID, let email else { return }
        rows.append(line)
        rows.append(employeeID)
        rows.append(email)
        func appendAsIs(_ column: Int?) {
            guard let column else { return rows.appendNull() }
            reader.withBytes(fields[column]) { rows.append(utf8: $0) }
        }
        appendAsIs(givenName)
        appendAsIs(familyName)
        appendAsIs(department)
        appendAsIs(title)
        appendAsIs(location)
        rows.append(managerID)
        rows.append(hireDate)
        rows.append(status.rawValue)
        rows.append(leftOn)
        rows.endRow()
    }

    private enum ValueCheck {
        case usable
        case notUTF8
        case tooLong(characters: Int)
    }

    private static func check(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> ValueCheck {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            return bytes.count <= limit ? .usable : .tooLong(characters: bytes.count)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .notUTF8 }
        // Counting characters is slow; a value with few enough bytes is short enough.
        return bytes.count <= limit || text.count <= limit ? .usable : .tooLong(characters: text.count)
    }

    /// The address in lower case, for finding duplicates; most addresses already are.
    private static func caseFolded(_ email: String) -> String {
        email.utf8.contains { (65...90).contains($0) || $0 >= 0x80 } ? email.lowercased() : email
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
        if let existing = position.updateValue(next, forKey: id) {
            position[id] = existing
            return lines[existing]
        }
        ids.append(id)
        lines.append(line)
        managers.append(managerID)
        return nil
    }

    /// The index of `id` in file order.
    func index(of id: String) -> Int? { position[id] }

    /// Someone a manager id names: a person listed in the file (by position), or an outsider
    /// only the database may know.
    enum Person: Hashable {
        case listed(Int)
        case outsider(String)
    }

    func person(_ id: String) -> Person { position[id].map(Person.listed) ?? .outsider(id) }

    /// Each listed person's manager (nil: none), looked up once for the checks that follow.
    func resolvedManagers() -> [Person?] {
        managers.map { $0.map(person) }
    }

    /// The outsiders among `resolved` managers, each once, in file order.
    static func outsiders(among resolved: [Person?]) -> [String] {
        var seen: Set<String> = []
        return resolved.compactMap { manager in
            guard case .outsider(let id) = manager, seen.insert(id).inserted else { return nil }
            return id
        }
    }
}

/// Finds management cycles (A manages B manages … manages A).
enum ManagerCycles {
    /// Each cycle passing through someone in the file, as the ids along it, starting with the
    /// person listed first. `managers`: `people.resolvedManagers()`; `storedLinks` are the
    /// database's links for people not in the file.
    static func find(in people: FilePeople, managers managerNodes: [FilePeople.Person?],
                     storedLinks: [String: String]) -> [[String]] {
        typealias Node = FilePeople.Person
        func node(_ id: String) -> Node { people.person(id) }
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
