/// Mentor profiles: topics, monthly capacity, active (`MentorsImportSQL`).
enum MentorsSpec {
    static let spec = ImportSpec(fields: [
        FieldSpec("mentor_employee_id", .identifier(maxLength: 64), aliases: ["employee_id", "employee_number", "id", "mentor_id"]),
        FieldSpec("mentor_email", .email, aliases: ["email", "work_email"]),
        FieldSpec("topics", .list(maxItemLength: 100), aliases: ["topic", "skills", "expertise", "areas"]),
        FieldSpec("monthly_capacity", .integer(0...100), aliases: ["capacity", "sessions_per_month", "max_sessions_per_month"]),
        FieldSpec("active", .boolean, aliases: ["available", "is_active"]),
    ], oneOfRequired: [["mentor_employee_id", "mentor_email"]])
}
