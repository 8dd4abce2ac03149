-- Twin of migrations/postgres/0015_timed_effects.sql: SQLite has no workflow guard table (one
-- writer, this Sportello); the scheduler's index is shared.
CREATE INDEX suspensions_waiting ON suspensions (kind, from_date)
    WHERE answered_on IS NULL AND ended_on IS NULL;

-- Art. 10-bis: the ten days for observations count from the day the citizen *received* the notice
-- (the portal's sent_at, a PEC delivery receipt, a signature at the counter); NULL until known.
ALTER TABLE suspensions ADD COLUMN received_on TEXT;
