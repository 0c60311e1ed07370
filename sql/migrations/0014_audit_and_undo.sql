-- The audit trail, import numbers on the rows imports create, and undoing an import.
--
-- Every change to the program's tables, by a command, an import, an undo or a DBA's own SQL,
-- is recorded in mm.audit by statement-level triggers with transition tables: one INSERT ...
-- SELECT per statement, so a bulk import writes its audit rows set-based (no per-row trigger
-- calls). Who: the OS user mmadmin declares for its session (`mmadmin.os_user`, empty for
-- other clients) and the database session user; which import: `mmadmin.import_id`, set for
-- the import's transaction by the import log; which undo: `mmadmin.undo_of`.

-- The import (or undo) a statement runs for, from the transaction's settings.
CREATE FUNCTION mm.current_import_id() RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT nullif(current_setting('mmadmin.import_id', true), '')::bigint
$$;

CREATE TABLE mm.audit (
    audit_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    os_user     text DEFAULT nullif(current_setting('mmadmin.os_user', true), ''),
    db_user     text NOT NULL DEFAULT session_user,
    -- The table (without schema), or `import_log` for an undo.
    entity      text NOT NULL,
    -- The row's primary key as a JSON object ({"session_id": 12}).
    entity_key  jsonb NOT NULL,
    action      text NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'undo')),
    before      jsonb,
    after       jsonb,
    import_id   bigint DEFAULT mm.current_import_id(),
    undo_of     bigint DEFAULT nullif(current_setting('mmadmin.undo_of', true), '')::bigint,
    -- The program's application_name ("mmadmin session update"), or another client's.
    command     text DEFAULT nullif(current_setting('application_name'), '')
);
-- BRIN rather than B-tree: both columns grow with audit_id, and a BRIN index costs an import
-- of 100,000 rows next to nothing to maintain (a B-tree per column measured about 10 % more).
CREATE INDEX audit_changed_at_idx ON mm.audit USING brin (changed_at);
CREATE INDEX audit_import_idx ON mm.audit USING brin (import_id);

COMMENT ON TABLE mm.audit IS
    'Every change to the program tables: who (OS and database user), when, which row, before and after, and the import or undo that made it.';

-- jsonb_build_object('k1', alias.k1, …) for the key columns `keys`.
CREATE FUNCTION mm.audit_key_expression(p_keys text[], p_alias text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT 'jsonb_build_object(' || string_agg(format('%L, %I.%I', k, p_alias, k), ', ') || ')' FROM unnest(p_keys) AS k
$$;

-- Trigger arguments: the table's primary key columns. An update is recorded per row by
-- pairing the old and new rows on that key; a row whose key changed shows as a delete and an
-- insert, which undoes correctly too. Updates that changed nothing are not recorded.
CREATE FUNCTION mm.audit_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        EXECUTE format('INSERT INTO mm.audit (entity, entity_key, action, after)
                        SELECT %L, %s, ''insert'', to_jsonb(n) FROM audit_new AS n',
                       TG_TABLE_NAME, mm.audit_key_expression(TG_ARGV, 'n'));
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE format('INSERT INTO mm.audit (entity, entity_key, action, before)
                        SELECT %L, %s, ''delete'', to_jsonb(o) FROM audit_old AS o',
                       TG_TABLE_NAME, mm.audit_key_expression(TG_ARGV, 'o'));
    ELSE
        EXECUTE format('INSERT INTO mm.audit (entity, entity_key, action, before, after)
                        SELECT %L, coalesce(n.k, o.k),
                               CASE WHEN o.j IS NULL THEN ''insert'' WHEN n.j IS NULL THEN ''delete'' ELSE ''update'' END,
                               o.j, n.j
                        FROM (SELECT %s AS k, to_jsonb(o) AS j FROM audit_old AS o) AS o
                        FULL JOIN (SELECT %s AS k, to_jsonb(n) AS j FROM audit_new AS n) AS n ON n.k = o.k
                        WHERE o.j IS DISTINCT FROM n.j',
                       TG_TABLE_NAME, mm.audit_key_expression(TG_ARGV, 'o'), mm.audit_key_expression(TG_ARGV, 'n'));
    END IF;
    RETURN NULL;
END
$$;

-- The audited tables and their keys, in the order an undo restores them (referenced tables
-- first); an undo removes rows in the reverse order.
CREATE FUNCTION mm.audited_tables() RETURNS TABLE (rank int, table_name text, key_columns text[])
LANGUAGE sql IMMUTABLE AS $$
    VALUES (1, 'employees', ARRAY['employee_id']),
           (2, 'employee_history', ARRAY['employee_id', 'valid_from']),
           (3, 'cohorts', ARRAY['cohort_id']),
           (4, 'mentors', ARRAY['employee_id']),
           (5, 'cohort_members', ARRAY['cohort_id', 'employee_id']),
           (6, 'sessions', ARRAY['session_id']),
           (7, 'outcomes', ARRAY['session_id']),
           (8, 'match_proposals', ARRAY['proposal_id']),
           (9, 'settings', ARRAY['key'])
$$;

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM mm.audited_tables() LOOP
        EXECUTE format('CREATE TRIGGER audit_insert AFTER INSERT ON mm.%I REFERENCING NEW TABLE AS audit_new
                        FOR EACH STATEMENT EXECUTE FUNCTION mm.audit_changes(%s)',
                       t.table_name, array_to_string(t.key_columns, ', '));
        EXECUTE format('CREATE TRIGGER audit_update AFTER UPDATE ON mm.%I REFERENCING OLD TABLE AS audit_old NEW TABLE AS audit_new
                        FOR EACH STATEMENT EXECUTE FUNCTION mm.audit_changes(%s)',
                       t.table_name, array_to_string(t.key_columns, ', '));
        EXECUTE format('CREATE TRIGGER audit_delete AFTER DELETE ON mm.%I REFERENCING OLD TABLE AS audit_old
                        FOR EACH STATEMENT EXECUTE FUNCTION mm.audit_changes(%s)',
                       t.table_name, array_to_string(t.key_columns, ', '));
    END LOOP;
END
$$;

-- Rows created by an import carry its number (employee_history has had one since 0002). The
-- default is set after the column is added so that existing rows keep NULL without a rewrite.
ALTER TABLE mm.employees ADD COLUMN import_id bigint;
ALTER TABLE mm.employees ALTER COLUMN import_id SET DEFAULT mm.current_import_id();
ALTER TABLE mm.employee_history ALTER COLUMN import_id SET DEFAULT mm.current_import_id();
ALTER TABLE mm.cohorts ADD COLUMN import_id bigint;
ALTER TABLE mm.cohorts ALTER COLUMN import_id SET DEFAULT mm.current_import_id();
ALTER TABLE mm.cohort_members ADD COLUMN import_id bigint;
ALTER TABLE mm.cohort_members ALTER COLUMN import_id SET DEFAULT mm.current_import_id();
ALTER TABLE mm.mentors ADD COLUMN import_id bigint;
ALTER TABLE mm.mentors ALTER COLUMN import_id SET DEFAULT mm.current_import_id();
ALTER TABLE mm.sessions ADD COLUMN import_id bigint;
ALTER TABLE mm.sessions ALTER COLUMN import_id SET DEFAULT mm.current_import_id();
ALTER TABLE mm.outcomes ADD COLUMN import_id bigint;
ALTER TABLE mm.outcomes ALTER COLUMN import_id SET DEFAULT mm.current_import_id();

ALTER TABLE mm.import_log
    ADD COLUMN undone_at timestamptz,
    ADD COLUMN undone_by text;

-- Employees and cohorts are never deleted, except by the undo of the import that created them.
CREATE OR REPLACE FUNCTION mm.refuse_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND nullif(current_setting('mmadmin.undo_of', true), '') IS NOT NULL THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% rows are never deleted (%)', TG_TABLE_NAME,
        CASE TG_TABLE_NAME WHEN 'employees' THEN 'a roster import marks people inactive'
                           ELSE 'close a cohort instead' END
        USING ERRCODE = 'restrict_violation';
END
$$;

-- Reverts import `p_import_id` from the audit trail: each row it inserted is removed, each row
-- it updated or deleted gets back the image it had before the import (the first before-image
-- the import recorded for its key). Refuses (SQLSTATE MM001, message for the user) when the
-- import is unknown or undone, when a later import of a kind in `p_dependent_kinds` (the kinds
-- that build on it, its own included) is not undone, when a later change touched the same rows,
-- or when later rows refer to rows it would remove. Returns what it did per table.
CREATE FUNCTION mm.undo_import(p_import_id bigint, p_dependent_kinds text[])
RETURNS TABLE (entity text, removed bigint, restored bigint)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    logged mm.import_log;
    later mm.import_log;
    conflict record;
    last_audit bigint;
    t record;
    columns text;
    assignments text;
    key_match text;
    n_removed bigint;
    n_restored bigint;
BEGIN
    SELECT * INTO logged FROM mm.import_log WHERE import_id = p_import_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'No import has the number %.', p_import_id USING ERRCODE = 'MM001';
    END IF;
    IF logged.undone_at IS NOT NULL THEN
        RAISE EXCEPTION 'Import % was already undone (%).', p_import_id, to_char(logged.undone_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"')
            USING ERRCODE = 'MM001';
    END IF;
    SELECT * INTO later FROM mm.import_log
    WHERE import_id > p_import_id AND undone_at IS NULL AND kind = ANY (p_dependent_kinds)
    ORDER BY import_id LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'Import % (%) cannot be undone: the later % import % (%) builds on it.',
            p_import_id, logged.kind, later.kind, later.import_id, later.file_name
            -- The hint is the later import's number: the command line phrases what to run.
            USING ERRCODE = 'MM001', HINT = later.import_id::text;
    END IF;

    PERFORM set_config('mmadmin.import_id', '', true);
    PERFORM set_config('mmadmin.undo_of', p_import_id::text, true);

    -- The net change per row: the first image the import recorded before touching it.
    DROP TABLE IF EXISTS pg_temp.undo_rows;
    CREATE TEMP TABLE undo_rows ON COMMIT DROP AS
    SELECT DISTINCT ON (a.entity, a.entity_key) a.entity, a.entity_key, a.before, a.audit_id
    FROM mm.audit AS a
    WHERE a.import_id = p_import_id AND a.undo_of IS NULL
    ORDER BY a.entity, a.entity_key, a.audit_id;
    -- Temporary tables are never analyzed automatically; without statistics the joins below
    -- were planned as nested loops (40 s to undo 10,000 sessions).
    ANALYZE pg_temp.undo_rows;
    SELECT max(a.audit_id) INTO last_audit FROM mm.audit AS a WHERE a.import_id = p_import_id AND a.undo_of IS NULL;

    -- Rows changed again after the import (by a command, or an import not undone since).
    SELECT a.audit_id, a.entity, a.entity_key, a.changed_at, a.command INTO conflict
    FROM mm.audit AS a
    JOIN undo_rows AS u ON u.entity = a.entity AND u.entity_key = a.entity_key
    WHERE a.audit_id > last_audit AND a.undo_of IS NULL
      AND NOT EXISTS (SELECT 1 FROM mm.import_log AS l WHERE l.import_id = a.import_id AND l.undone_at IS NOT NULL)
    ORDER BY a.audit_id LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'Import % (%) cannot be undone: % % was changed after it (audit entry %, %).',
            p_import_id, logged.kind, conflict.entity, conflict.entity_key, conflict.audit_id,
            to_char(conflict.changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"')
            USING ERRCODE = 'MM001';
    END IF;

    -- Later rows referring to rows the undo would remove, where no foreign key says so. Each
    -- check runs only when the import added rows of its table (probing the indexes of sessions
    -- per added person or cohort; a join over every session took seconds for nothing).
    IF EXISTS (SELECT 1 FROM undo_rows AS u WHERE u.entity = 'employees' AND u.before IS NULL) THEN
        SELECT s.session_id, p.person INTO conflict
        FROM (SELECT u.entity_key ->> 'employee_id' AS person FROM undo_rows AS u
              WHERE u.entity = 'employees' AND u.before IS NULL) AS p
        CROSS JOIN LATERAL (SELECT x.session_id FROM mm.sessions AS x WHERE x.mentor_id = p.person
                            UNION ALL
                            SELECT x.session_id FROM mm.sessions AS x WHERE x.mentee_id = p.person) AS s
        WHERE NOT EXISTS (SELECT 1 FROM undo_rows AS us WHERE us.entity = 'sessions' AND us.before IS NULL
                          AND us.entity_key = jsonb_build_object('session_id', s.session_id))
        LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'Import % (%) cannot be undone: it added %, whom session % names.',
                p_import_id, logged.kind, conflict.person, conflict.session_id USING ERRCODE = 'MM001';
        END IF;
    END IF;
    IF EXISTS (SELECT 1 FROM undo_rows AS u WHERE u.entity = 'cohorts' AND u.before IS NULL) THEN
        SELECT s.session_id, c.cohort_id INTO conflict
        FROM (SELECT (u.entity_key ->> 'cohort_id')::bigint AS cohort_id FROM undo_rows AS u
              WHERE u.entity = 'cohorts' AND u.before IS NULL) AS c
        JOIN mm.sessions AS s ON s.cohort_id = c.cohort_id
        WHERE NOT EXISTS (SELECT 1 FROM undo_rows AS us WHERE us.entity = 'sessions' AND us.before IS NULL
                          AND us.entity_key = jsonb_build_object('session_id', s.session_id))
        LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'Import % (%) cannot be undone: it added cohort %, which session % names.',
                p_import_id, logged.kind, conflict.cohort_id, conflict.session_id USING ERRCODE = 'MM001';
        END IF;
    END IF;
    IF EXISTS (SELECT 1 FROM undo_rows AS u WHERE u.entity = 'sessions' AND u.before IS NULL) THEN
        SELECT o.session_id INTO conflict
        FROM undo_rows AS u
        JOIN mm.outcomes AS o ON o.session_id = (u.entity_key ->> 'session_id')::bigint
        WHERE u.entity = 'sessions' AND u.before IS NULL
          AND NOT EXISTS (SELECT 1 FROM undo_rows AS uo WHERE uo.entity = 'outcomes' AND uo.before IS NULL
                          AND uo.entity_key = u.entity_key)
        LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'Import % (%) cannot be undone: session % it added has an outcome recorded since.',
                p_import_id, logged.kind, conflict.session_id USING ERRCODE = 'MM001';
        END IF;
    END IF;

    -- Remove what the import inserted, referring tables first. Each removal joins all of the
    -- import's keys with the table: a hash join, never a loop over a table without statistics
    -- (one just filled by the import).
    PERFORM set_config('enable_nestloop', 'off', true);
    FOR t IN SELECT * FROM mm.audited_tables() ORDER BY rank DESC LOOP
        key_match := (SELECT string_agg(format('x.%1$I = d.%1$I', k), ' AND ') FROM unnest(t.key_columns) AS k);
        EXECUTE format('DELETE FROM mm.%1$I AS x
                        USING (SELECT r.* FROM pg_temp.undo_rows AS u, jsonb_populate_record(NULL::mm.%1$I, u.entity_key) AS r
                               WHERE u.entity = %2$L AND u.before IS NULL) AS d
                        WHERE %3$s', t.table_name, t.table_name, key_match);
        GET DIAGNOSTICS n_removed = ROW_COUNT;
        -- The session reference checks of the next import are planned from the statistics; after
        -- removing tens of thousands of memberships stale ones made an import of 97,200 sessions
        -- take minutes instead of seconds.
        IF n_removed >= 10000 THEN
            EXECUTE format('ANALYZE mm.%I', t.table_name);
        END IF;
        entity := t.table_name;
        removed := n_removed;
        restored := 0;
        IF n_removed > 0 THEN RETURN NEXT; END IF;
    END LOOP;

    PERFORM set_config('enable_nestloop', 'on', true);

    -- Restore the before-images, referenced tables first.
    FOR t IN SELECT * FROM mm.audited_tables() ORDER BY rank LOOP
        SELECT string_agg(format('%I', a.attname), ', ' ORDER BY a.attnum),
               string_agg(format('%1$I = excluded.%1$I', a.attname), ', ' ORDER BY a.attnum)
                   FILTER (WHERE NOT a.attname = ANY (t.key_columns) AND a.attidentity = '')
        INTO columns, assignments
        FROM pg_attribute AS a
        WHERE a.attrelid = format('mm.%I', t.table_name)::regclass AND a.attnum > 0 AND NOT a.attisdropped;
        EXECUTE format('INSERT INTO mm.%1$I AS x (%2$s) OVERRIDING SYSTEM VALUE
                        SELECT %2$s FROM (SELECT r.* FROM pg_temp.undo_rows AS u,
                                                 jsonb_populate_record(NULL::mm.%1$I, u.before) AS r
                                          WHERE u.entity = %3$L AND u.before IS NOT NULL) AS b
                        ON CONFLICT (%4$s) DO UPDATE SET %5$s',
                       t.table_name, columns, t.table_name, array_to_string(t.key_columns, ', '), assignments);
        GET DIAGNOSTICS n_restored = ROW_COUNT;
        IF n_restored > 0 THEN
            entity := t.table_name;
            removed := 0;
            restored := n_restored;
            RETURN NEXT;
        END IF;
    END LOOP;

    -- Roster history has no trigger for removed periods; a removed first period changes the
    -- departments of earlier sessions, so every month is recomputed.
    IF EXISTS (SELECT 1 FROM pg_temp.undo_rows AS u WHERE u.entity = 'employee_history') THEN
        PERFORM mm.mark_metrics_dirty('-infinity');
    END IF;

    UPDATE mm.import_log SET undone_at = now(), undone_by = nullif(current_setting('mmadmin.os_user', true), '')
    WHERE import_id = p_import_id;
    INSERT INTO mm.audit (entity, entity_key, action, before, after)
    SELECT 'import_log', jsonb_build_object('import_id', p_import_id), 'undo', to_jsonb(logged), to_jsonb(l)
    FROM mm.import_log AS l WHERE l.import_id = p_import_id;
END
$$;
