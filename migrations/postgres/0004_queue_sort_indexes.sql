-- The queue sorted by deadline or by protocol number, and the deadline filters, stay fast as the
-- table grows: indexes in the order the queue reads (the deadline as the queue sorts it, rows without
-- one last). Same as migrations/sqlite/0004_queue_sort_indexes.sql.
CREATE INDEX submissions_dept_deadline_sort
    ON submissions (department, (COALESCE(deadline, '9999-12-31'::date)), id);
CREATE INDEX submissions_dept_protocol ON submissions (department, protocol_key);
