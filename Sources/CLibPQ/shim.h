#ifndef MMADMIN_CLIBPQ_SHIM_H
#define MMADMIN_CLIBPQ_SHIM_H

#include <libpq-fe.h>

/* PG_DIAG_* are character macros, which Swift does not import; expose them as constants. */
static const int mm_diag_severity = PG_DIAG_SEVERITY_NONLOCALIZED;
static const int mm_diag_sqlstate = PG_DIAG_SQLSTATE;
static const int mm_diag_message_primary = PG_DIAG_MESSAGE_PRIMARY;
static const int mm_diag_message_detail = PG_DIAG_MESSAGE_DETAIL;
static const int mm_diag_message_hint = PG_DIAG_MESSAGE_HINT;
static const int mm_diag_statement_position = PG_DIAG_STATEMENT_POSITION;
static const int mm_diag_context = PG_DIAG_CONTEXT;
static const int mm_diag_schema_name = PG_DIAG_SCHEMA_NAME;
static const int mm_diag_table_name = PG_DIAG_TABLE_NAME;
static const int mm_diag_column_name = PG_DIAG_COLUMN_NAME;
static const int mm_diag_constraint_name = PG_DIAG_CONSTRAINT_NAME;

#endif
