import MMDomain
import Foundation
/// The roster fields mmadmin stores, with the header spellings HR systems export for each.
public enum RosterField: String, CaseIterable, Sendable {
    case employeeID = "employee_id"
    case email
    case givenName = "given_name"
    case familyName = "family_name"
    case department
    case title
    case location
    case managerID = "manager_id"
    case hireDate = "hire_date"
    case status
    case terminationDate = "termination_date"

    /// The field's position in `allCases`, for array-indexed lookups on the hot path.
    var ordinal: Int {
        switch self {
        case .employeeID: return 0
        case .email: return 1
        case .givenName: return 2
        case .familyName: return 3
        case .department: return 4
        case .title: return 5
        case .location: return 6
        case .managerID: return 7
        case .hireDate: return 8
        case .status: return 9
        case .terminationDate: return 10
        }
    }

    /// The longest value accepted, in characters (DESIGN.md: a longer value is a data error).
    public var maximumLength: Int {
        switch self {
        case .employeeID, .managerID: return 64
        case .email: return 254
        case .givenName, .familyName, .department, .title, .location: return 200
        case .hireDate, .terminationDate, .status: return 40
        }
    }

    /// Header spellings, normalized (lower case, letters and digits only), with a rank: when a
    /// file has several columns for one field, the lowest-ranked non-empty value wins (a
    /// preferred first name over the legal one, a work e-mail over a personal one).
    static let aliases: [String: (field: RosterField, rank: Int)] = {
        var table: [String: (field: RosterField, rank: Int)] = [:]
        func add(_ field: RosterField, _ rank: Int, _ names: [String]) {
            for name in names { table[name] = (field, rank) }
        }
        add(.employeeID, 0, ["employeeid", "employeenumber", "employeeno", "employeenum", "empid", "empno",
                             "workerid", "personnelnumber", "personnelno", "staffid", "staffnumber",
                             "externalid", "employeecode", "id"])
        add(.email, 0, ["workemail", "workemailaddress", "businessemail", "companyemail", "emailswork",
                        "emailsworkvalue", "workemailsvalue"])
        add(.email, 1, ["email", "emailaddress", "mail", "primaryemail", "useremail", "emails", "emailsvalue"])
        add(.givenName, 0, ["preferredfirstname", "preferredname", "preferredgivenname"])
        add(.givenName, 1, ["firstname", "givenname", "namegivenname", "forename"])
        add(.givenName, 2, ["legalfirstname"])
        add(.familyName, 0, ["preferredlastname", "preferredfamilyname"])
        add(.familyName, 1, ["lastname", "familyname", "namefamilyname", "surname"])
        add(.familyName, 2, ["legallastname"])
        add(.department, 0, ["department", "departmentname", "dept", "workdepartment", "orgunit", "organizationalunit"])
        add(.department, 1, ["division"])
        add(.title, 0, ["jobtitle", "title", "businesstitle", "positiontitle", "position", "worktitle", "jobname"])
        add(.location, 0, ["location", "office", "worklocation", "officelocation", "site", "locationname", "worksite"])
        add(.managerID, 0, ["managerid", "supervisorid", "manageremployeeid", "manageremployeenumber",
                            "supervisoremployeeid", "supervisornumber", "linemanagerid", "managervalue",
                            "managerexternalid", "workreportstoid", "reportstoid", "reportstoemployeeid"])
        add(.hireDate, 0, ["hiredate", "startdate", "dateofhire", "originalhiredate", "hiredon", "joindate",
                           "joiningdate", "employmentstartdate", "workstartdate", "dateofjoining"])
        add(.status, 0, ["employmentstatus", "status", "employeestatus", "workerstatus", "employmentstate", "active"])
        add(.terminationDate, 0, ["terminationdate", "enddate", "leavedate", "lastdayofwork", "lastday",
                                  "separationdate", "exitdate", "employmentenddate", "terminatedon", "leftdate",
                                  "dateofleaving", "contractenddate"])
        return table
    }()
}
