-- Network-growth metrics per calendar month (UTC), computed by `mmadmin metrics refresh`
-- (graph algorithms in Swift: union-find for components, adjacency lists for two-hop reach,
-- sliding 12-month windows) and stored here. Columns follow DESIGN.md, "Network growth".

CREATE TABLE mm_metrics.network_monthly (
    month                     date PRIMARY KEY,
    new_ties                  integer NOT NULL,
    cumulative_ties           integer NOT NULL,
    cross_department_share    double precision,
    avg_degree                double precision,
    components                integer NOT NULL,
    largest_component_share   double precision,
    mean_two_hop_reach        double precision,
    avg_distinct_mentors_12m  double precision,
    avg_network_breadth_12m   double precision
);

COMMENT ON TABLE mm_metrics.network_monthly IS
    'Mentoring network per month (UTC): new and cumulative ties, cross-department share, degree, components, two-hop reach, 12-month breadth.';

GRANT SELECT ON mm_metrics.network_monthly TO mm_reporting;

-- Which stored months are stale: triggers on sessions and roster history record the earliest
-- day whose figures a change can affect, so a refresh recomputes from that month on and keeps
-- the closed months before it (NULL: nothing changed since the last refresh).
CREATE TABLE mm.metrics_state (
    name          text PRIMARY KEY,
    dirty_from    date,
    refreshed_at  timestamptz
);
INSERT INTO mm.metrics_state (name, dirty_from) VALUES ('network_monthly', '-infinity');

CREATE FUNCTION mm.mark_metrics_dirty(p_from date) RETURNS void
LANGUAGE sql AS $$
    -- least() ignores NULLs: a NULL p_from changes nothing, a clean state takes p_from.
    UPDATE mm.metrics_state SET dirty_from = least(dirty_from, p_from)
    WHERE name = 'network_monthly' AND p_from IS NOT NULL AND (dirty_from IS NULL OR p_from < dirty_from)
$$;

CREATE FUNCTION mm.sessions_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM mm.mark_metrics_dirty((SELECT min(started_at AT TIME ZONE 'UTC')::date FROM changed_new));
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM mm.mark_metrics_dirty((SELECT min(started_at AT TIME ZONE 'UTC')::date FROM changed_old));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER sessions_mark_metrics_on_insert AFTER INSERT ON mm.sessions
    REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION mm.sessions_changed();
CREATE TRIGGER sessions_mark_metrics_on_update AFTER UPDATE ON mm.sessions
    REFERENCING NEW TABLE AS changed_new OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION mm.sessions_changed();
CREATE TRIGGER sessions_mark_metrics_on_delete AFTER DELETE ON mm.sessions
    REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION mm.sessions_changed();

-- Roster history changes move departments from the day they start. A person's first period
-- also stands for the days before it, so it affects their sessions from the first one on.
CREATE FUNCTION mm.history_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        PERFORM mm.mark_metrics_dirty((SELECT min(coalesce(valid_to, valid_from)) FROM changed_new));
        RETURN NULL;
    END IF;
    PERFORM mm.mark_metrics_dirty((
        SELECT min(n.valid_from) FROM changed_new AS n
        WHERE EXISTS (SELECT 1 FROM mm.employee_history AS h
                      WHERE h.employee_id = n.employee_id AND h.valid_from < n.valid_from)));
    IF EXISTS (SELECT 1 FROM mm.sessions) THEN
        PERFORM mm.mark_metrics_dirty((
            SELECT min(s.started_at AT TIME ZONE 'UTC')::date
            FROM changed_new AS n
            JOIN mm.sessions AS s ON s.mentor_id = n.employee_id OR s.mentee_id = n.employee_id
            WHERE NOT EXISTS (SELECT 1 FROM mm.employee_history AS h
                              WHERE h.employee_id = n.employee_id AND h.valid_from < n.valid_from)));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER history_mark_metrics_on_insert AFTER INSERT ON mm.employee_history
    REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION mm.history_changed();
CREATE TRIGGER history_mark_metrics_on_update AFTER UPDATE ON mm.employee_history
    REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION mm.history_changed();
