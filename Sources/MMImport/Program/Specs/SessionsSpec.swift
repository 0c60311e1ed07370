/// Mentoring sessions (`SessionsImportSQL`).
enum SessionsSpec {
    static let formats = ["coffee_chat", "call", "video", "qa", "walk", "chat", "in_person", "other"]

    static let spec = ImportSpec(fields: [
        FieldSpec("external_id", .identifier(maxLength: 100), aliases: ["session_id", "id", "booking_id", "event_id"]),
        FieldSpec("mentor_employee_id", .identifier(maxLength: 64), aliases: ["mentor_id", "mentor"]),
        FieldSpec("mentor_email", .email),
        FieldSpec("mentee_employee_id", .identifier(maxLength: 64), aliases: ["mentee_id", "mentee"]),
        FieldSpec("mentee_email", .email),
        FieldSpec("started_at", .timestamp, required: true, aliases: ["start_time", "start", "starts_at", "scheduled_at"]),
        FieldSpec("ended_at", .timestamp, aliases: ["end_time", "end", "ends_at"]),
        FieldSpec("duration_minutes", .integer(1...480), aliases: ["duration", "minutes", "length_minutes"]),
        FieldSpec("format", .choice(formats), aliases: ["session_format", "type", "session_type", "kind"]),
        FieldSpec("topic", .text(maxLength: 200), aliases: ["subject", "question"]),
        FieldSpec("cohort", .identifier(maxLength: 200), aliases: ["cohort_id", "cohort_name", "cohort_external_id"]),
        FieldSpec("status", .choice(["scheduled", "completed", "cancelled", "no_show"]), aliases: ["state", "session_status"]),
    ], oneOfRequired: [["mentor_employee_id", "mentor_email"], ["mentee_employee_id", "mentee_email"],
                       ["duration_minutes", "ended_at"]],
    uniqueField: "external_id")
}
