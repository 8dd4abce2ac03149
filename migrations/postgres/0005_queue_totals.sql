-- Kept counts of submissions per department, service, assignee (0 = nobody) and state, so the
-- queue's counts per state stay constant-time as the table grows (at 1,000,000 submissions the
-- GROUP BY over the table took 57-134 ms). Kept by triggers, so every path that writes a submission
-- keeps them right; the queue counts from here when its filter has no deadline and no search.
-- Same as migrations/sqlite/0005_queue_totals.sql; here a bulk insert (COPY) is counted once per
-- statement from its transition table.
CREATE TABLE queue_totals (
    department TEXT NOT NULL,
    service    TEXT NOT NULL,
    assignee   BIGINT NOT NULL,
    state      TEXT NOT NULL,
    n          BIGINT NOT NULL CHECK (n >= 0),
    PRIMARY KEY (department, service, assignee, state)
);

INSERT INTO queue_totals (department, service, assignee, state, n)
SELECT department, service, COALESCE(assignee_id, 0), state, COUNT(*)
FROM submissions GROUP BY department, service, COALESCE(assignee_id, 0), state;

CREATE FUNCTION queue_totals_inserted() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO queue_totals (department, service, assignee, state, n)
    SELECT department, service, COALESCE(assignee_id, 0), state, COUNT(*)
    FROM inserted GROUP BY department, service, COALESCE(assignee_id, 0), state
    ON CONFLICT (department, service, assignee, state) DO UPDATE SET n = queue_totals.n + EXCLUDED.n;
    RETURN NULL;
END $$;

CREATE TRIGGER queue_totals_insert AFTER INSERT ON submissions
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION queue_totals_inserted();

CREATE FUNCTION queue_totals_updated() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    UPDATE queue_totals SET n = n - 1
    WHERE department = OLD.department AND service = OLD.service
      AND assignee = COALESCE(OLD.assignee_id, 0) AND state = OLD.state;
    INSERT INTO queue_totals (department, service, assignee, state, n)
    VALUES (NEW.department, NEW.service, COALESCE(NEW.assignee_id, 0), NEW.state, 1)
    ON CONFLICT (department, service, assignee, state) DO UPDATE SET n = queue_totals.n + 1;
    RETURN NULL;
END $$;

CREATE TRIGGER queue_totals_update AFTER UPDATE OF state, assignee_id ON submissions
    FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id)
    EXECUTE FUNCTION queue_totals_updated();
