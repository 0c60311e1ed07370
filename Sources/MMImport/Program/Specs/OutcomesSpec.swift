/// One outcome per completed session: survey answers (`OutcomesImportSQL`); `submitted_at`
/// without an offset is in the row's time-zone column, else the import's zone.
enum OutcomesSpec {
    static let spec = ImportSpec(fields: [
        FieldSpec("external_id", .identifier(maxLength: 100), aliases: ["outcome_id", "response_id", "id"]),
        FieldSpec("session", .identifier(maxLength: 100), required: true,
                  aliases: ["session_id", "session_external_id"]),
        FieldSpec("mentee_rating", .integer(1...5), aliases: ["rating", "score", "mentee_score"]),
        FieldSpec("mentor_rating", .integer(1...5), aliases: ["mentor_score"]),
        FieldSpec("goal_met", .boolean, aliases: ["goal_achieved", "helpful"]),
        FieldSpec("follow_up", .boolean, aliases: ["followup", "follow_up_requested", "wants_follow_up"]),
        FieldSpec("submitted_at", .timestamp, aliases: ["submitted", "response_time", "completed_at"]),
        FieldSpec("note", .text(maxLength: 4000), aliases: ["comment", "comments", "feedback"]),
    ], helpers: [
        FieldSpec("time_zone", .timeZone, aliases: ["timezone", "tz", "respondent_time_zone"],
                  purpose: "IANA name for submitted_at without an offset"),
    ], uniqueField: "session", timeZoneField: "time_zone")
}
