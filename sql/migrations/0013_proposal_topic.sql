-- The topic a proposed pair was matched on, for the introductions (`mmadmin match intros`):
-- the mentee's requested or earlier topic that the mentor offers. NULL when the pair was not
-- matched on a topic (and for proposals stored before this migration); introductions then name
-- the mentor's topics.
ALTER TABLE mm.match_proposals ADD COLUMN topic text;
COMMENT ON COLUMN mm.match_proposals.topic IS 'The topic the pair was matched on, if any (named in introductions)';
