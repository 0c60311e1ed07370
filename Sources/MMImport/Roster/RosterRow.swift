import Foundation
import PostgresClient

/// One validated roster record, ready for the staging table.
struct RosterRow {
    var line: Int
    var employeeID: String
    var email: String
    var givenName: String?
    var familyName: String?
    var department: String?
    var title: String?
    var location: String?
    var managerID: String?
    var hireDate: CalendarDate?
    var status: EmploymentStatus
    /// The termination date from the file, if any.
    var leftOn: CalendarDate?

    /// Writes the row in the staging table's column order (`RosterRepository.copyIntoStage`).
    func write(to writer: CopyWriter) throws {
        writer.appendField(String(line))
        writer.appendField(employeeID)
        writer.appendField(email)
        writer.appendField(givenName)
        writer.appendField(familyName)
        writer.appendField(department)
        writer.appendField(title)
        writer.appendField(location)
        writer.appendField(managerID)
        writer.appendField(hireDate?.description)
        writer.appendField(status.rawValue)
        writer.appendField(leftOn?.description)
        try writer.endRow()
    }
}

/// What an import changed (or, in a dry run, would change).
public struct RosterCounts: Sendable, Equatable {
    public var rowsRead = 0
    public var inserted = 0
    public var updated = 0
    public var reactivated = 0
    public var deactivated = 0
    public var unchanged = 0

    public init() {}

    /// Whether the import changes anything.
    public var changesSomething: Bool { inserted + updated + reactivated + deactivated > 0 }

    public var summary: String {
        "\(rowsRead) row\(rowsRead == 1 ? "" : "s") read: \(inserted) new, \(updated) updated, \(reactivated) reactivated, "
            + "\(deactivated) deactivated, \(unchanged) unchanged"
    }
}
