-- The mentoring network's ties (each pair's first completed session month), kept by
-- `mmadmin metrics refresh` so that a refresh after new data reads only the stored ties before
-- the first stale month and the last twelve months of sessions (for the 12-month figures),
-- instead of placing every session in the roster again. Ties before the stale month cannot
-- change: the triggers of migration 0005 move the stale month back to any earlier change.
-- A cache in mm (it holds employee ids); never read by reports or SQL users.
CREATE TABLE mm.network_ties (
    person_a     text NOT NULL,
    person_b     text NOT NULL,
    first_month  date NOT NULL
);

COMMENT ON TABLE mm.network_ties IS
    'Cache of metrics refresh: mentoring ties (pair, month of first completed session); rebuilt by metrics refresh --force';

-- The cache starts empty: the next refresh recomputes everything and fills it.
UPDATE mm.metrics_state SET dirty_from = '-infinity' WHERE name = 'network_monthly';
