-- The queue sorted by deadline or by protocol number, and the deadline filters, stay fast as the
-- table grows: indexes in the order the queue reads (the deadline as the queue sorts it, rows without
-- one last). Found by `sportello bench`: at 100,000 submissions these sorts took ~90 ms.
CREATE INDEX submissions_dept_deadline_sort
    ON submissions (department, COALESCE(deadline, '9999-12-31'), id);
CREATE INDEX submissions_dept_protocol ON submissions (department, protocol_key);
