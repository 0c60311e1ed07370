/// How spellings that people and HR systems vary are compared: every kind's header names, and
/// the roster's status words.
enum Spelling {
    /// Lower case, letters and digits only: "Employee ID", "employee_id" and "employeeId" match.
    static func normalize(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter(isLetterOrDigit).map(Character.init))
    }

    /// ASCII digits and the letters of any script.
    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }
}
