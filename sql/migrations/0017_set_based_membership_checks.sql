-- Bulk loads that meet the tables the cheap way (issue 16): cohort memberships and outcomes
-- are checked per statement, like sessions (0003); the session checks probe each (cohort,
-- person) pair once; a large insert builds the secondary indexes after it; the audit trail
-- records an import's inserts by one entry per statement.
--
-- A sessions import enrols the people its sessions name (a million sessions made about 760,000
-- memberships in the benchmark): the two per-row foreign keys of mm.cohort_members cost two
-- row-locking lookups per membership, 5 of the 13 seconds of that insert. A statement-level
-- trigger checks the same with one anti join per statement. The other direction of those keys
-- (the referenced row disappearing) is kept by triggers on mm.employees and mm.cohorts: rows of
-- both are only ever deleted by the undo of the import that created them (0014), and such a
-- delete is refused while a membership refers to the row, as the foreign key refused it.

ALTER TABLE mm.cohort_members
    DROP CONSTRAINT cohort_members_cohort_id_fkey,
    DROP CONSTRAINT cohort_members_employee_id_fkey;
COMMENT ON COLUMN mm.cohort_members.cohort_id IS 'an mm.cohorts id, checked per statement (migration 0017)';
COMMENT ON COLUMN mm.cohort_members.employee_id IS 'an mm.employees id, checked per statement (migration 0017)';

-- The cohorts and people of new or changed memberships exist.
CREATE FUNCTION mm.check_member_references() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    offending record;
BEGIN
    SELECT n.cohort_id, n.employee_id INTO offending
    FROM new_members AS n
    WHERE NOT EXISTS (SELECT 1 FROM mm.employees AS e WHERE e.employee_id = n.employee_id)
;
    IF FOUND THEN
        RAISE EXCEPTION 'a membership of cohort % names %, who is not in mm.employees', offending.cohort_id, offending.employee_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    SELECT n.cohort_id INTO offending
    FROM new_members AS n
    WHERE NOT EXISTS (SELECT 1 FROM mm.cohorts AS c WHERE c.cohort_id = n.cohort_id)
;
    IF FOUND THEN
        RAISE EXCEPTION 'a membership names cohort %, which does not exist', offending.cohort_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER cohort_members_references_on_insert AFTER INSERT ON mm.cohort_members
    REFERENCING NEW TABLE AS new_members FOR EACH STATEMENT EXECUTE FUNCTION mm.check_member_references();
CREATE TRIGGER cohort_members_references_on_update AFTER UPDATE ON mm.cohort_members
    REFERENCING NEW TABLE AS new_members FOR EACH STATEMENT EXECUTE FUNCTION mm.check_member_references();

-- A person or cohort that memberships refer to stays (the undo of the import that added them
-- is refused, as the foreign keys refused it before).
CREATE FUNCTION mm.check_member_referents_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    offending record;
BEGIN
    IF TG_TABLE_NAME = 'employees' THEN
        SELECT m.cohort_id, m.employee_id AS referent INTO offending
        FROM removed AS r JOIN mm.cohort_members AS m ON m.employee_id = r.employee_id LIMIT 1;
    ELSE
        SELECT m.cohort_id, m.cohort_id::text AS referent INTO offending
        FROM removed AS r JOIN mm.cohort_members AS m ON m.cohort_id = r.cohort_id LIMIT 1;
    END IF;
    IF FOUND THEN
        RAISE EXCEPTION '% is still referenced by a membership of cohort %', offending.referent, offending.cohort_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER employees_kept_for_members AFTER DELETE ON mm.employees
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION mm.check_member_referents_kept();
CREATE TRIGGER cohorts_kept_for_members AFTER DELETE ON mm.cohorts
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION mm.check_member_referents_kept();

-- The people of new or changed sessions exist, their cohort exists, and both are its members.
-- Each distinct person and (cohort, person) pair is probed once: a million sessions name about
-- 100,000 people and 800,000 memberships, not two million of each.
--
-- The checks of both functions have no LIMIT 1 (SELECT INTO keeps the first row anyway): with
-- one, the planner expects an offending row at once and probes the index row by row, 8 seconds
-- for a million sessions where a hash anti join takes 1; without it, a statement of a few rows
-- still probes the index and a large one hashes.
CREATE OR REPLACE FUNCTION mm.check_session_references() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    offending record;
BEGIN
    SELECT p.person INTO offending
    FROM (SELECT mentor_id AS person FROM new_sessions UNION SELECT mentee_id FROM new_sessions) AS p
    WHERE NOT EXISTS (SELECT 1 FROM mm.employees AS e WHERE e.employee_id = p.person)
;
    IF FOUND THEN
        RAISE EXCEPTION 'a session names %, who is not in mm.employees', offending.person
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    SELECT n.session_id, n.cohort_id INTO offending
    FROM new_sessions AS n
    WHERE n.cohort_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM mm.cohorts AS c WHERE c.cohort_id = n.cohort_id)
;
    IF FOUND THEN
        RAISE EXCEPTION 'session % names cohort %, which does not exist', offending.session_id, offending.cohort_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    SELECT p.cohort_id, p.person INTO offending
    FROM (SELECT cohort_id, mentor_id AS person FROM new_sessions WHERE cohort_id IS NOT NULL
          UNION
          SELECT cohort_id, mentee_id FROM new_sessions WHERE cohort_id IS NOT NULL) AS p
    WHERE NOT EXISTS (SELECT 1 FROM mm.cohort_members AS m
                      WHERE m.cohort_id = p.cohort_id AND m.employee_id = p.person)
;
    IF FOUND THEN
        RAISE EXCEPTION 'a session names cohort %, but % is not a member of it', offending.cohort_id, offending.person
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;

-- Outcomes name their session through a statement-level check too: the per-row foreign key
-- cost 3 of the 9 seconds an import of 700,000 outcomes took. Its two other duties stay:
-- removing a session removes its outcome (a trigger on mm.sessions), and a command recording an
-- outcome locks its session as the key did, so an import undo removing that session waits for
-- it and then finds the outcome (imports need no such lock: they and undos hold the import lock).
ALTER TABLE mm.outcomes DROP CONSTRAINT outcomes_session_id_fkey;
COMMENT ON COLUMN mm.outcomes.session_id IS 'an mm.sessions id, checked per statement (migration 0017)';

CREATE FUNCTION mm.check_outcome_sessions() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    offending record;
BEGIN
    IF mm.current_import_id() IS NULL THEN
        PERFORM 1 FROM mm.sessions AS s WHERE s.session_id IN (SELECT session_id FROM new_outcomes) FOR KEY SHARE;
    END IF;
    SELECT n.session_id INTO offending
    FROM new_outcomes AS n WHERE NOT EXISTS (SELECT 1 FROM mm.sessions AS s WHERE s.session_id = n.session_id);
    IF FOUND THEN
        RAISE EXCEPTION 'an outcome names session %, which does not exist', offending.session_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER outcomes_sessions_on_insert AFTER INSERT ON mm.outcomes
    REFERENCING NEW TABLE AS new_outcomes FOR EACH STATEMENT EXECUTE FUNCTION mm.check_outcome_sessions();
CREATE TRIGGER outcomes_sessions_on_update AFTER UPDATE ON mm.outcomes
    REFERENCING NEW TABLE AS new_outcomes FOR EACH STATEMENT EXECUTE FUNCTION mm.check_outcome_sessions();

CREATE FUNCTION mm.remove_outcomes_of_removed_sessions() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM mm.outcomes AS o USING removed_sessions AS r WHERE o.session_id = r.session_id;
    RETURN NULL;
END
$$;

CREATE TRIGGER sessions_remove_outcomes AFTER DELETE ON mm.sessions
    REFERENCING OLD TABLE AS removed_sessions FOR EACH STATEMENT EXECUTE FUNCTION mm.remove_outcomes_of_removed_sessions();

-- A bulk insert that is large against its table builds the table's secondary indexes after it
-- (each built by one sort) rather than inserting a million entries into each in file order:
-- a million sessions took 18 seconds with the five secondary indexes of mm.sessions in place,
-- 3 without them and 3 more to build them. The import drops them in its transaction and builds
-- them again before it commits, so no other session ever sees the table without them (they
-- wait for the import instead). Kept: the primary key and any index a foreign key relies on.
-- Returns the statements that build the dropped indexes (and their unique constraints) again,
-- for mm.build_indexes.
CREATE FUNCTION mm.drop_secondary_indexes(p_table regclass) RETURNS text[]
LANGUAGE plpgsql AS $$
DECLARE
    found record;
    rebuild text[] := '{}';
BEGIN
    FOR found IN
        SELECT i.indexrelid::regclass AS index_name, pg_get_indexdef(i.indexrelid) AS index_def,
               c.conname, pg_get_constraintdef(c.oid) AS constraint_def
        FROM pg_index AS i
        LEFT JOIN pg_constraint AS c ON c.conrelid = i.indrelid AND c.conindid = i.indexrelid AND c.contype IN ('u', 'x')
        WHERE i.indrelid = p_table AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint AS f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)
        ORDER BY i.indexrelid
    LOOP
        IF found.conname IS NOT NULL THEN
            EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', p_table, found.conname);
            rebuild := rebuild || format('ALTER TABLE %s ADD CONSTRAINT %I %s', p_table, found.conname, found.constraint_def);
        ELSE
            EXECUTE format('DROP INDEX %s', found.index_name);
            rebuild := rebuild || found.index_def;
        END IF;
    END LOOP;
    RETURN rebuild;
END
$$;

-- Runs the statements mm.drop_secondary_indexes returned.
CREATE FUNCTION mm.build_indexes(p_statements text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    statement text;
BEGIN
    FOREACH statement IN ARRAY p_statements LOOP
        EXECUTE statement;
    END LOOP;
END
$$;

-- The audit trail records what an import inserts by one entry per statement and table
-- (action `import`, key {"import_id": N}, after {"rows": count}) rather than one per row: a
-- million imported sessions and the 760,000 memberships they implied cost 23 seconds of audit
-- rows, a third of the import. Nothing is lost: every row an import inserts carries its number
-- (0014), so the entry names exactly those rows; their image as inserted is the row itself, or
-- the before-image of the later change that altered or removed it (which the trail records row
-- by row, as it does everything else: inserts by commands and other clients, every update and
-- delete). The undo finds the rows an import added by their number.
ALTER TABLE mm.audit DROP CONSTRAINT audit_action_check;
ALTER TABLE mm.audit ADD CONSTRAINT audit_action_check
    CHECK (action IN ('insert', 'update', 'delete', 'undo', 'import'));
COMMENT ON COLUMN mm.audit.action IS
    'insert, update, delete; undo (an import undone); import (the rows of this table carrying import_id were inserted by that import; after holds their count)';

-- Who and which import are read once per statement, not once per row.
CREATE OR REPLACE FUNCTION mm.audit_changes() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    -- The columns whose defaults read settings, as literals.
    stamp text := format('%L::text, %L::bigint, %L::bigint, %L::text',
                         nullif(current_setting('mmadmin.os_user', true), ''), mm.current_import_id(),
                         nullif(current_setting('mmadmin.undo_of', true), '')::bigint,
                         nullif(current_setting('application_name'), ''));
BEGIN
    IF TG_OP = 'INSERT' AND mm.current_import_id() IS NOT NULL
       AND EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = TG_RELID AND attname = 'import_id' AND NOT attisdropped) THEN
        EXECUTE format('INSERT INTO mm.audit (os_user, import_id, undo_of, command, entity, entity_key, action, after)
                        SELECT %s, %L, jsonb_build_object(''import_id'', mm.current_import_id()), ''import'',
                               jsonb_build_object(''rows'', count(*))
                        FROM audit_new HAVING count(*) > 0',
                       stamp, TG_TABLE_NAME);
    ELSIF TG_OP = 'INSERT' THEN
        EXECUTE format('INSERT INTO mm.audit (os_user, import_id, undo_of, command, entity, entity_key, action, after)
                        SELECT %s, %L, %s, ''insert'', to_jsonb(n) FROM audit_new AS n',
                       stamp, TG_TABLE_NAME, mm.audit_key_expression(TG_ARGV, 'n'));
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE format('INSERT INTO mm.audit (os_user, import_id, undo_of, command, entity, entity_key, action, before)
                        SELECT %s, %L, %s, ''delete'', to_jsonb(o) FROM audit_old AS o',
                       stamp, TG_TABLE_NAME, mm.audit_key_expression(TG_ARGV, 'o'));
    ELSE
        EXECUTE format('INSERT INTO mm.audit (os_user, import_id, undo_of, command, entity, entity_key, action, before, after)
                        SELECT %s, %L, coalesce(n.k, o.k),
                               CASE WHEN o.j IS NULL THEN ''insert'' WHEN n.j IS NULL THEN ''delete'' ELSE ''update'' END,
                               o.j, n.j
                        FROM (SELECT %s AS k, to_jsonb(o) AS j FROM audit_old AS o) AS o
                        FULL JOIN (SELECT %s AS k, to_jsonb(n) AS j FROM audit_new AS n) AS n ON n.k = o.k
                        WHERE o.j IS DISTINCT FROM n.j',
                       stamp, TG_TABLE_NAME, mm.audit_key_expression(TG_ARGV, 'o'), mm.audit_key_expression(TG_ARGV, 'n'));
    END IF;
    RETURN NULL;
END
$$;

-- As in 0014, with the rows an import added found by their import number (the audit entries
-- of trails written before this migration still count too).
CREATE OR REPLACE FUNCTION mm.undo_import(p_import_id bigint, p_dependent_kinds text[])
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
    history_removed boolean := false;
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
    -- (A before-image carrying this import's number is of a row the import itself inserted.)
    SELECT DISTINCT ON (a.entity, a.entity_key) a.entity, a.entity_key,
           CASE WHEN a.before ->> 'import_id' = p_import_id::text THEN NULL ELSE a.before END AS before, a.audit_id
    FROM mm.audit AS a
    WHERE a.import_id = p_import_id AND a.undo_of IS NULL AND a.action <> 'import'
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
    IF NOT FOUND THEN
        -- Rows the import inserted carry its number in their before-image when changed later.
        SELECT a.audit_id, a.entity, a.entity_key, a.changed_at, a.command INTO conflict
        FROM mm.audit AS a
        WHERE a.audit_id > last_audit AND a.undo_of IS NULL AND a.action IN ('update', 'delete')
          AND a.before ->> 'import_id' = p_import_id::text
          AND NOT EXISTS (SELECT 1 FROM mm.import_log AS l WHERE l.import_id = a.import_id AND l.undone_at IS NOT NULL)
        ORDER BY a.audit_id LIMIT 1;
    END IF;
    IF FOUND THEN
        RAISE EXCEPTION 'Import % (%) cannot be undone: % % was changed after it (audit entry %, %).',
            p_import_id, logged.kind, conflict.entity, conflict.entity_key, conflict.audit_id,
            to_char(conflict.changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"')
            USING ERRCODE = 'MM001';
    END IF;

    -- The rows the import added: those carrying its number that it did not find there (no
    -- before-image). Audit trails written before migration 0017 list them one by one as well.
    DROP TABLE IF EXISTS pg_temp.undo_added;
    CREATE TEMP TABLE undo_added (entity text NOT NULL, entity_key jsonb NOT NULL) ON COMMIT DROP;
    FOR t IN SELECT a.* FROM mm.audited_tables() AS a
             WHERE EXISTS (SELECT 1 FROM pg_attribute AS c WHERE c.attrelid = format('mm.%I', a.table_name)::regclass
                                                          AND c.attname = 'import_id' AND NOT c.attisdropped) LOOP
        EXECUTE format('INSERT INTO pg_temp.undo_added
                        SELECT %1$L, k.key FROM (SELECT %2$s AS key FROM mm.%1$I AS x WHERE x.import_id = $1) AS k
                        WHERE NOT EXISTS (SELECT 1 FROM pg_temp.undo_rows AS u
                                          WHERE u.entity = %1$L AND u.entity_key = k.key AND u.before IS NOT NULL)',
                       t.table_name, mm.audit_key_expression(t.key_columns, 'x'))
        USING p_import_id;
    END LOOP;
    INSERT INTO pg_temp.undo_added
    SELECT u.entity, u.entity_key FROM pg_temp.undo_rows AS u WHERE u.before IS NULL
    EXCEPT SELECT a.entity, a.entity_key FROM pg_temp.undo_added AS a;
    ANALYZE pg_temp.undo_added;

    -- Later rows referring to rows the undo would remove, where no foreign key says so. Each
    -- check runs only when the import added rows of its table (probing the indexes of sessions
    -- per added person or cohort; a join over every session took seconds for nothing).
    IF EXISTS (SELECT 1 FROM undo_added AS u WHERE u.entity = 'employees') THEN
        SELECT s.session_id, p.person INTO conflict
        FROM (SELECT u.entity_key ->> 'employee_id' AS person FROM undo_added AS u
              WHERE u.entity = 'employees') AS p
        CROSS JOIN LATERAL (SELECT x.session_id FROM mm.sessions AS x WHERE x.mentor_id = p.person
                            UNION ALL
                            SELECT x.session_id FROM mm.sessions AS x WHERE x.mentee_id = p.person) AS s
        WHERE NOT EXISTS (SELECT 1 FROM undo_added AS us WHERE us.entity = 'sessions'
                          AND us.entity_key = jsonb_build_object('session_id', s.session_id))
        LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'Import % (%) cannot be undone: it added %, whom session % names.',
                p_import_id, logged.kind, conflict.person, conflict.session_id USING ERRCODE = 'MM001';
        END IF;
    END IF;
    IF EXISTS (SELECT 1 FROM undo_added AS u WHERE u.entity = 'cohorts') THEN
        SELECT s.session_id, c.cohort_id INTO conflict
        FROM (SELECT (u.entity_key ->> 'cohort_id')::bigint AS cohort_id FROM undo_added AS u
              WHERE u.entity = 'cohorts') AS c
        JOIN mm.sessions AS s ON s.cohort_id = c.cohort_id
        WHERE NOT EXISTS (SELECT 1 FROM undo_added AS us WHERE us.entity = 'sessions'
                          AND us.entity_key = jsonb_build_object('session_id', s.session_id))
        LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'Import % (%) cannot be undone: it added cohort %, which session % names.',
                p_import_id, logged.kind, conflict.cohort_id, conflict.session_id USING ERRCODE = 'MM001';
        END IF;
    END IF;
    IF EXISTS (SELECT 1 FROM undo_added AS u WHERE u.entity = 'sessions') THEN
        SELECT o.session_id INTO conflict
        FROM undo_added AS u
        JOIN mm.outcomes AS o ON o.session_id = (u.entity_key ->> 'session_id')::bigint
        WHERE u.entity = 'sessions'
          AND NOT EXISTS (SELECT 1 FROM undo_added AS uo WHERE uo.entity = 'outcomes'
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
                        USING (SELECT r.* FROM pg_temp.undo_added AS u, jsonb_populate_record(NULL::mm.%1$I, u.entity_key) AS r
                               WHERE u.entity = %2$L) AS d
                        WHERE %3$s', t.table_name, t.table_name, key_match);
        GET DIAGNOSTICS n_removed = ROW_COUNT;
        -- The session reference checks of the next import are planned from the statistics; after
        -- removing tens of thousands of memberships stale ones made an import of 97,200 sessions
        -- take minutes instead of seconds.
        IF n_removed >= 10000 THEN
            EXECUTE format('ANALYZE mm.%I', t.table_name);
        END IF;
        IF t.table_name = 'employee_history' AND n_removed > 0 THEN history_removed := true; END IF;
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
    IF history_removed OR EXISTS (SELECT 1 FROM pg_temp.undo_rows AS u WHERE u.entity = 'employee_history') THEN
        PERFORM mm.mark_metrics_dirty('-infinity');
    END IF;

    UPDATE mm.import_log SET undone_at = now(), undone_by = nullif(current_setting('mmadmin.os_user', true), '')
    WHERE import_id = p_import_id;
    INSERT INTO mm.audit (entity, entity_key, action, before, after)
    SELECT 'import_log', jsonb_build_object('import_id', p_import_id), 'undo', to_jsonb(logged), to_jsonb(l)
    FROM mm.import_log AS l WHERE l.import_id = p_import_id;
END
$$;
