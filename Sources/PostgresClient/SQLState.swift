import Foundation
/// A five-character PostgreSQL error code (SQLSTATE), with named constants for the ones mmadmin handles.
///
/// The first two characters are the class: "22" data exceptions, "23" integrity violations,
/// "42" syntax errors and undefined objects, "55" object not in prerequisite state, and so on.
public struct SQLState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ code: String) { self.rawValue = code }

    /// The two-character class of the code, such as "23" for integrity constraint violations.
    public var errorClass: String { String(rawValue.prefix(2)) }

    public var description: String { rawValue }

    public static let successfulCompletion = SQLState("00000")
    public static let connectionException = SQLState("08000")
    public static let connectionFailure = SQLState("08006")
    public static let dataException = SQLState("22000")
    public static let stringDataRightTruncation = SQLState("22001")
    public static let numericValueOutOfRange = SQLState("22003")
    public static let invalidDatetimeFormat = SQLState("22007")
    public static let datetimeFieldOverflow = SQLState("22008")
    public static let badCopyFileFormat = SQLState("22P04")
    public static let invalidTextRepresentation = SQLState("22P02")
    public static let integrityConstraintViolation = SQLState("23000")
    public static let notNullViolation = SQLState("23502")
    public static let foreignKeyViolation = SQLState("23503")
    public static let uniqueViolation = SQLState("23505")
    public static let checkViolation = SQLState("23514")
    public static let exclusionViolation = SQLState("23P01")
    public static let inFailedTransaction = SQLState("25P02")
    public static let invalidPassword = SQLState("28P01")
    public static let syntaxError = SQLState("42601")
    public static let insufficientPrivilege = SQLState("42501")
    public static let undefinedColumn = SQLState("42703")
    public static let undefinedTable = SQLState("42P01")
    public static let undefinedFunction = SQLState("42883")
    public static let duplicateObject = SQLState("42710")
    public static let lockNotAvailable = SQLState("55P03")
    public static let objectInUse = SQLState("55006")
    public static let queryCanceled = SQLState("57014")
    public static let adminShutdown = SQLState("57P01")
    public static let cannotConnectNow = SQLState("57P03")
    public static let raiseException = SQLState("P0001")
    /// mmadmin's own refusals raised by its SQL functions (`mm.undo_import`): the message is for the user.
    public static let mmadminRefusal = SQLState("MM001")
}
