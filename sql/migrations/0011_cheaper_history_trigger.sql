-- The roster history trigger of migration 0005 moves the network metrics' stale mark back to
-- the earliest day a history change can affect. Finding that day probes the history for every
-- inserted period (100,000 probes for a first roster). While the metrics are stale from the
-- very beginning (never refreshed, or --force pending), no change can move the mark, so the
-- trigger now stops there; otherwise it works as before.
CREATE OR REPLACE FUNCTION mm.history_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT dirty_from FROM mm.metrics_state WHERE name = 'network_monthly') = '-infinity' THEN
        RETURN NULL;
    END IF;
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
