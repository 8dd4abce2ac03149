-- Twin of migrations/postgres/0012_contact_log.sql: the contact log of a submission.
CREATE TABLE contacts (
    id               INTEGER PRIMARY KEY,
    submission_id    INTEGER NOT NULL REFERENCES submissions (id),
    at               TEXT NOT NULL,
    channel          TEXT NOT NULL CHECK (channel IN ('phone', 'email', 'pec', 'visit')),
    incoming         INTEGER NOT NULL,
    summary          TEXT NOT NULL,
    outcome          TEXT NOT NULL,
    recorded_by      INTEGER NOT NULL REFERENCES users (id),
    callback_due     TEXT,
    callback_by      INTEGER REFERENCES users (id),
    callback_done_at TEXT
);
CREATE INDEX contacts_submission ON contacts (submission_id, id);
CREATE INDEX contacts_callbacks ON contacts (callback_due) WHERE callback_due IS NOT NULL AND callback_done_at IS NULL;
-- Entries are never changed: only a callback is marked done, once.
CREATE TRIGGER contacts_append_only BEFORE UPDATE ON contacts
WHEN OLD.callback_done_at IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.submission_id IS NOT OLD.submission_id OR NEW.at IS NOT OLD.at
  OR NEW.channel IS NOT OLD.channel OR NEW.incoming IS NOT OLD.incoming
  OR NEW.summary IS NOT OLD.summary OR NEW.outcome IS NOT OLD.outcome
  OR NEW.recorded_by IS NOT OLD.recorded_by OR NEW.callback_due IS NOT OLD.callback_due
  OR NEW.callback_by IS NOT OLD.callback_by
BEGIN
    SELECT RAISE(ABORT, 'contact log entries are never changed');
END;
CREATE TRIGGER contacts_never_deleted BEFORE DELETE ON contacts
BEGIN
    SELECT RAISE(ABORT, 'contact log entries are never deleted');
END;
