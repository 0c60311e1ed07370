/// Cohorts, matched by external id when given, else by name (`CohortsImportSQL`).
enum CohortsSpec {
    static let spec = ImportSpec(fields: [
        FieldSpec("external_id", .identifier(maxLength: 100), aliases: ["cohort_id", "cohort_external_id", "id"]),
        FieldSpec("name", .identifier(maxLength: 200), required: true, aliases: ["cohort_name", "cohort", "title"]),
        FieldSpec("starts_on", .date, required: true, aliases: ["start_date", "start", "starts", "begin_date"]),
        FieldSpec("ends_on", .date, required: true, aliases: ["end_date", "end", "ends"]),
        FieldSpec("cohort_type", .identifier(maxLength: 100), aliases: ["type", "program_type", "program"]),
        FieldSpec("department", .text(maxLength: 200), aliases: ["dept"]),
        FieldSpec("description", .text(maxLength: 2000), aliases: ["details", "notes"]),
    ], uniqueField: "external_id")
}
