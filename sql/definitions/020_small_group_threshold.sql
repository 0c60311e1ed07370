-- Disclosure control (DESIGN.md, "Privacy"): the small-group threshold k, and the one rule that
-- decides which cells of a table are hidden. Every mm_metrics figure about groups goes through
-- mm.hidden_cells, so SQL users and the report hide exactly the same cells. README.md
-- ("Privacy") states the rules and why they hold.

-- k is mm.settings 'small_group_threshold' (`mmadmin settings set small-group-threshold N`),
-- default 5, never below 3 whatever the setting says.
CREATE OR REPLACE FUNCTION mm.small_group_threshold() RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT greatest(3, coalesce((SELECT value::integer FROM mm.settings WHERE key = 'small_group_threshold'), 5))
$$;

-- Which cells of one table (one month, one dimension, all sharing one published total) are
-- hidden. The cells come in order of size, smallest first (ties in a fixed order); `sizes` are
-- the distinct people each cell rests on, `small` the cells hidden for their own sake (primary
-- suppression). Secondary suppression: when any cell is hidden, the hidden cells together must
-- number at least two and rest on at least k people, so subtracting the shown cells from the
-- total recovers only a sum over at least k people, never one cell; the next-smallest shown
-- cells are hidden until that holds, and when it cannot hold, every cell is hidden.
CREATE OR REPLACE FUNCTION mm.hidden_cells(sizes integer[], small boolean[], k integer) RETURNS boolean[]
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    hidden boolean[] := small;
    hidden_count integer := 0;
    hidden_people integer := 0;
    i integer;
BEGIN
    FOR i IN 1 .. coalesce(array_length(sizes, 1), 0) LOOP
        IF hidden[i] THEN
            hidden_count := hidden_count + 1;
            hidden_people := hidden_people + coalesce(sizes[i], 0);
        END IF;
    END LOOP;
    IF hidden_count = 0 THEN
        RETURN hidden;
    END IF;
    FOR i IN 1 .. array_length(sizes, 1) LOOP
        EXIT WHEN hidden_count >= 2 AND hidden_people >= k;
        IF NOT hidden[i] THEN
            hidden[i] := true;
            hidden_count := hidden_count + 1;
            hidden_people := hidden_people + coalesce(sizes[i], 0);
        END IF;
    END LOOP;
    IF hidden_count < 2 OR hidden_people < k THEN
        RETURN array_fill(true, ARRAY[array_length(sizes, 1)]);
    END IF;
    RETURN hidden;
END
$$;

-- mm.hidden_cells for the cells of one table given in any order, by name: sorted as the
-- breakdowns sort them (smallest first, empty cells last, then by name), each cell's decision
-- back by its name. The breakdowns (040) and every table of 070–100 hide through it.
CREATE OR REPLACE FUNCTION mm.hidden_named_cells(p_names text[], p_sizes integer[], p_small boolean[], p_k integer)
RETURNS TABLE (name text, hidden boolean)
LANGUAGE sql IMMUTABLE AS $$
    SELECT x.name, x.hidden
    FROM (SELECT array_agg(c.name ORDER BY c.size = 0, c.size, c.name) AS names,
                 array_agg(c.size ORDER BY c.size = 0, c.size, c.name) AS sizes,
                 array_agg(c.small ORDER BY c.size = 0, c.size, c.name) AS small
          FROM unnest(p_names, p_sizes, p_small) AS c (name, size, small)) AS o
    CROSS JOIN LATERAL unnest(o.names, mm.hidden_cells(o.sizes, o.small, p_k)) AS x (name, hidden)
$$;
