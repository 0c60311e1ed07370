import MMCalendar
import Foundation
import PostgresClient

/// One person in a synthetic organisation.
public struct SyntheticPerson: Sendable, Equatable {
    public var employeeID: String
    public var email: String
    public var givenName: String
    public var familyName: String
    public var department: String
    public var title: String
    public var location: String
    public var managerID: String?
    public var hireDate: CalendarDate
    public var status: String
    public var terminationDate: CalendarDate?
}

/// A realistic synthetic roster: a manager tree, skewed department sizes, non-ASCII names, and
/// values that need CSV quoting (commas in titles and locations, quotes in names).
public struct SyntheticRoster {
    static let departments = ["Engineering", "Sales", "Operations", "Customer Success", "Marketing", "Finance",
                              "Product", "People", "Legal", "Research & Development", "IT", "Procurement",
                              "Data", "Security", "Facilities"]
    static let titles = ["Associate", "Specialist", "Analyst", "Engineer", "Senior Engineer", "Manager",
                         "Senior Manager", "Director", "Consultant", "Lead, Platform", "Coordinator", "Partner"]
    static let locations = ["Berlin, DE", "Madrid, ES", "London, UK", "New York, US", "São Paulo, BR",
                            "Zürich, CH", "Tokyo, JP", "Kraków, PL", "Remote", "Paris, FR", "Toronto, CA"]
    static let givenNames = ["Ann", "Bo", "Chloé", "José", "Søren", "Łukasz", "Ayşe", "Björn", "Zoë", "Mei",
                             "Olúwaseun", "Priya", "Ngọc", "Sven", "María", "Dmitrij", "Aoife", "Kai", "Fatima", "Liam"]
    static let familyNames = ["Müller", "García", "O'Brien", "Núñez", "Kowalski", "Smith, Jr.", "Nguyễn", "Øster",
                              "Dubois", "Yılmaz", "Tanaka", "Andersson", "\"Ace\" Baker", "Rossi", "Khan", "Schmidt"]

    public private(set) var people: [SyntheticPerson]
    private var random: SeededRandom
    private var nextNumber: Int

    /// Generates `count` active employees as of `asOf`.
    public init(count: Int, seed: UInt64, asOf: CalendarDate) {
        random = SeededRandom(seed: seed)
        people = []
        people.reserveCapacity(count)
        nextNumber = 1
        for index in 0..<count {
            people.append(makePerson(index: index, asOf: asOf))
        }
    }

    private mutating func makePerson(index: Int, asOf: CalendarDate) -> SyntheticPerson {
        let number = nextNumber
        nextNumber += 1
        let id = "E\(100_000 + number)"
        var manager: SyntheticPerson?
        if index > 0 {
            // Around seven reports per manager, with some spread.
            let parent = (index - 1) / 7
            manager = people[max(0, parent - random.int(0...2))]
        }
        // Most people share their manager's department and location.
        var department = Self.departments[random.skewedIndex(count: Self.departments.count)]
        var location = random.pick(Self.locations)
        if let manager {
            if random.chance(0.8) { department = manager.department }
            if random.chance(0.7) { location = manager.location }
        }
        let given = random.pick(Self.givenNames)
        let family = random.pick(Self.familyNames)
        return SyntheticPerson(
            employeeID: id,
            email: "\(given.lowercased().filter(\.isASCII).filter(\.isLetter)).\(number)@example.com",
            givenName: given, familyName: family, department: department,
            title: random.pick(Self.titles),
            location: location,
            managerID: manager?.employeeID,
            hireDate: asOf.adding(days: -random.int(30...5000)),
            status: random.chance(0.03) ? "On Leave" : "Active",
            terminationDate: nil)
    }

    /// The next month's roster: about `leavers` of the people leave (dropped from the file, or
    /// listed as terminated), `hires` join, and `changes` move department, title or location.
    public mutating func advanceMonth(to asOf: CalendarDate, leavers: Double = 0.02, hires: Double = 0.03,
                                      changes: Double = 0.05) {
        let count = people.count
        var leaving = Set<String>()
        for person in people.dropFirst() where random.chance(leavers) { leaving.insert(person.employeeID) }
        // Reports of a leaver move to the leaver's manager, so nobody reports to someone gone.
        var replacement: [String: String] = [:]
        for person in people where leaving.contains(person.employeeID) {
            replacement[person.employeeID] = person.managerID
        }
        func resolve(_ id: String?) -> String? {
            var current = id
            while let value = current, let next = replacement[value] { current = next }
            return current
        }
        var next: [SyntheticPerson] = []
        next.reserveCapacity(count + Int(Double(count) * hires) + 1)
        for var person in people {
            if leaving.contains(person.employeeID) {
                // Half of the leavers stay in the export as terminated, half simply disappear.
                if random.chance(0.5) {
                    person.status = "Terminated"
                    person.terminationDate = asOf.adding(days: -random.int(1...25))
                    next.append(person)
                }
                continue
            }
            person.managerID = resolve(person.managerID)
            if random.chance(changes) {
                switch random.int(0...2) {
                case 0: person.department = Self.departments[random.skewedIndex(count: Self.departments.count)]
                case 1: person.title = random.pick(Self.titles)
                default: person.location = random.pick(Self.locations)
                }
            }
            next.append(person)
        }
        people = next
        let active = people.filter { $0.status != "Terminated" }
        for _ in 0..<Int((Double(count) * hires).rounded()) {
            let index = people.count
            var hire = makePerson(index: index, asOf: asOf)
            hire.managerID = random.pick(active).employeeID
            hire.hireDate = asOf.adding(days: -random.int(0...25))
            people.append(hire)
        }
    }

    /// The roster as an HR export (Workday-like headers), RFC 4180 quoted.
    public func csv() -> String {
        var out = "Employee ID,Work Email,First Name,Last Name,Department,Job Title,Location,Manager ID,Hire Date,"
            + "Employment Status,Termination Date\r\n"
        out.reserveCapacity(people.count * 140)
        for person in people {
            let fields = [person.employeeID, person.email, person.givenName, person.familyName, person.department,
                          person.title, person.location, person.managerID ?? "", person.hireDate.description,
                          person.status, person.terminationDate?.description ?? ""]
            out += fields.map(Self.quoted).joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func quoted(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
