/// Cohort memberships, one per person and cohort (`EnrollmentsImportSQL`).
enum EnrollmentsSpec {
    static let spec = ImportSpec(fields: [
        FieldSpec("cohort", .identifier(maxLength: 200), required: true,
                  aliases: ["cohort_id", "cohort_name", "cohort_external_id"]),
        FieldSpec("person_employee_id", .identifier(maxLength: 64), aliases: ["employee_id", "employee_number", "id"]),
        FieldSpec("person_email", .email, aliases: ["email", "work_email", "employee_email"]),
        FieldSpec("role", .choice(["mentor", "mentee"]), required: true, aliases: ["participant_role", "type"]),
        FieldSpec("enrolled_on", .date, aliases: ["enrolled", "joined_on", "start_date", "enrollment_date"]),
        FieldSpec("left_on", .date, aliases: ["withdrawn_on", "end_date", "left"]),
        // What a mentee wants help with (topics as in the mentors file); empty keeps the stored ones.
        FieldSpec("interests", .list(maxItemLength: 100), aliases: ["topics", "interest", "wants_help_with", "learning_goals"]),
    ], oneOfRequired: [["person_employee_id", "person_email"]])
}
