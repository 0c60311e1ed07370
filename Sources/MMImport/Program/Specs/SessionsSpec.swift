import MMDomain

/// Mentoring sessions (`SessionsImportSQL`), as mmadmin's own files and scheduling tools
/// (Calendly, Google Calendar, Outlook) export them: times with an offset or in a time-zone
/// column, dates and times in one column or two, `Canceled`/`No-show` yes/no columns.
enum SessionsSpec {
    static let formats = SessionFormat.allCases.map(\.rawValue)
    static let statuses = SessionStatus.allCases.map(\.rawValue)

    static let spec = ImportSpec(
        fields: [
            FieldSpec("external_id", .identifier(maxLength: 100), aliases: ["session_id", "id", "booking_id", "event_id"]),
            FieldSpec("mentor_employee_id", .identifier(maxLength: 64), aliases: ["mentor_id", "mentor"]),
            FieldSpec("mentor_email", .email),
            FieldSpec("mentee_employee_id", .identifier(maxLength: 64), aliases: ["mentee_id", "mentee"]),
            FieldSpec("mentee_email", .email),
            FieldSpec("started_at", .timestamp, required: true,
                      aliases: ["start_time", "start", "starts_at", "scheduled_at", "start_date_time", "start_date_and_time",
                                "start_datetime", "event_start_time"]),
            FieldSpec("ended_at", .timestamp,
                      aliases: ["end_time", "end", "ends_at", "end_date_time", "end_date_and_time", "end_datetime", "event_end_time"]),
            FieldSpec("duration_minutes", .integer(ProgramLimits.sessionMinutes), aliases: ["duration", "minutes", "length_minutes"]),
            FieldSpec("format", .choice(formats), aliases: ["session_format", "type", "session_type", "kind"]),
            FieldSpec("topic", .text(maxLength: 200), aliases: ["subject", "question"]),
            FieldSpec("cohort", .identifier(maxLength: 200), aliases: ["cohort_id", "cohort_name", "cohort_external_id"]),
            FieldSpec("status", .choice(statuses), aliases: ["state", "session_status"]),
        ],
        helpers: [
            FieldSpec("start_date", .date, aliases: ["date", "event_date", "session_date", "meeting_date"],
                      purpose: "the date, when the start time has its own column"),
            FieldSpec("end_date", .date, purpose: "the end time's date; else the start date"),
            FieldSpec("time_zone", .timeZone, aliases: ["timezone", "tz", "invitee_time_zone", "event_time_zone", "zone"],
                      purpose: "IANA name for the row's times without an offset"),
            FieldSpec("cancelled", .boolean, aliases: ["canceled", "is_cancelled", "is_canceled", "was_cancelled", "was_canceled"],
                      purpose: "yes means status cancelled"),
            FieldSpec("no_show", .boolean, aliases: ["is_no_show", "marked_as_no_show", "noshow"],
                      purpose: "yes means status no_show"),
        ],
        oneOfRequired: [["mentor_employee_id", "mentor_email"], ["mentee_employee_id", "mentee_email"],
                        ["duration_minutes", "ended_at"]],
        uniqueField: "external_id",
        dateColumns: ["started_at": ["start_date"], "ended_at": ["end_date", "start_date"]],
        timeZoneField: "time_zone",
        statusField: "status",
        statusFlags: [.init(field: "cancelled", status: SessionStatus.cancelled.rawValue),
                      .init(field: "no_show", status: SessionStatus.noShow.rawValue)])
}
