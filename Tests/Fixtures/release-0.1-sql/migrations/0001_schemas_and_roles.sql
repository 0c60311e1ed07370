-- mmadmin's schemas and the reporting role.
--
-- mm          the system of record (employees, cohorts, sessions, ...). Not readable by mm_reporting.
-- mm_metrics  what reports and SQL users read: aggregates only, no names, e-mails or employee ids.
-- mm_reporting  NOLOGIN role to be granted to analysts' logins; may read mm_metrics only.

CREATE SCHEMA IF NOT EXISTS mm;
CREATE SCHEMA IF NOT EXISTS mm_metrics;

-- Roles are cluster-wide: another database in the cluster may have created it already, possibly
-- at this very moment (hence both exception names).
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'mm_reporting') THEN
        CREATE ROLE mm_reporting NOLOGIN;
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN
        NULL;
END
$$;

REVOKE ALL ON SCHEMA mm FROM PUBLIC;
REVOKE ALL ON SCHEMA mm_metrics FROM PUBLIC;
GRANT USAGE ON SCHEMA mm_metrics TO mm_reporting;

-- Every table and view created later in mm_metrics (by the migration owner) is readable.
ALTER DEFAULT PRIVILEGES IN SCHEMA mm_metrics GRANT SELECT ON TABLES TO mm_reporting;
