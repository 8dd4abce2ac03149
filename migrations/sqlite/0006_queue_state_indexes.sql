-- The queue filtered by one state (the officer's tabs) reads its page straight from an index, sorted
-- by arrival or by deadline, instead of sorting the state's rows: at 1,000,000 submissions the
-- «in istruttoria» page took 15 ms (108,000 rows sorted). These indexes begin with the columns of
-- submissions_dept_state, which they replace. Same as migrations/postgres/0006_queue_state_indexes.sql.
CREATE INDEX submissions_dept_state_received ON submissions (department, state, received_at, id);
CREATE INDEX submissions_dept_state_deadline
    ON submissions (department, state, COALESCE(deadline, '9999-12-31'), id);
DROP INDEX submissions_dept_state;
