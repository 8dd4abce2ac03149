-- Kept counts of submissions per department, service, assignee (0 = nobody) and state, so the
-- queue's counts per state stay constant-time as the table grows (at 1,000,000 submissions the
-- GROUP BY over the table took 30-190 ms). Kept by triggers, so every path that writes a submission
-- keeps them right; the queue counts from here when its filter has no deadline and no search.
-- Same as migrations/postgres/0005_queue_totals.sql.
CREATE TABLE queue_totals (
    department TEXT NOT NULL,
    service    TEXT NOT NULL,
    assignee   INTEGER NOT NULL,
    state      TEXT NOT NULL,
    n          INTEGER NOT NULL CHECK (n >= 0),
    PRIMARY KEY (department, service, assignee, state)
) WITHOUT ROWID;

INSERT INTO queue_totals (department, service, assignee, state, n)
SELECT department, service, COALESCE(assignee_id, 0), state, COUNT(*)
FROM submissions GROUP BY department, service, COALESCE(assignee_id, 0), state;

CREATE TRIGGER queue_totals_insert AFTER INSERT ON submissions
BEGIN
    INSERT INTO queue_totals (department, service, assignee, state, n)
    VALUES (new.department, new.service, COALESCE(new.assignee_id, 0), new.state, 1)
    ON CONFLICT (department, service, assignee, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER queue_totals_update AFTER UPDATE OF state, assignee_id ON submissions
WHEN old.state IS NOT new.state OR old.assignee_id IS NOT new.assignee_id
BEGIN
    UPDATE queue_totals SET n = n - 1
    WHERE department = old.department AND service = old.service
      AND assignee = COALESCE(old.assignee_id, 0) AND state = old.state;
    INSERT INTO queue_totals (department, service, assignee, state, n)
    VALUES (new.department, new.service, COALESCE(new.assignee_id, 0), new.state, 1)
    ON CONFLICT (department, service, assignee, state) DO UPDATE SET n = n + 1;
END;
