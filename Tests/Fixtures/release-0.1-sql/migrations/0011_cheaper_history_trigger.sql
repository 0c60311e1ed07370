-- The roster history triggers of migration 0005 move the network metrics' stale mark back to
-- the earliest day a history change can affect. Finding that day probes the history for every
-- inserted period (100,000 probes for a first roster). While the metrics are stale from the
-- very beginning (never refreshed, or a forced refresh pending), no change can move the mark,
-- so the triggers now fire only when the mark can still move.
CREATE FUNCTION mm.metrics_stale_from_start() RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT dirty_from = '-infinity' FROM mm.metrics_state WHERE name = 'network_monthly'), false)
$$;

DROP TRIGGER history_mark_metrics_on_insert ON mm.employee_history;
DROP TRIGGER history_mark_metrics_on_update ON mm.employee_history;
CREATE TRIGGER history_mark_metrics_on_insert AFTER INSERT ON mm.employee_history
    REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT
    WHEN (NOT mm.metrics_stale_from_start()) EXECUTE FUNCTION mm.history_changed();
CREATE TRIGGER history_mark_metrics_on_update AFTER UPDATE ON mm.employee_history
    REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT
    WHEN (NOT mm.metrics_stale_from_start()) EXECUTE FUNCTION mm.history_changed();
