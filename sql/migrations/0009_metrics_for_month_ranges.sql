-- mmadmin: supersedes sha256 76de2b6f793ad22dcbf22bb04bed5cdd2ea94f870453e6471619c2b935b78f88
-- Turned the metric views into functions of a month range (mm_metrics.participation_between,
-- participation_breakdown_between, department_ties_between, mm.small_group_threshold). Their
-- current text is in sql/definitions/; this file is kept so the numbering stays, and databases
-- that ran its earlier text count it as applied.
SELECT 1;
