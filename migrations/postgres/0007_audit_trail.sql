-- The audit trail: one hash-chained row per state change, decision, assignment, administrator's act
-- and opening of a citizen's record (the GDPR access log; before this migration those openings went
-- to `access_log`, which stays as it was, append-only).
--
-- Each row commits to the one before: hash = SHA-256 of the previous hash and this row's fields
-- (`sportello_domain::audit::entry_hash`, the encoding and its test vectors). Appends serialise on
-- the one `audit_head` row (`UPDATE … RETURNING` takes its row lock until COMMIT), which also numbers
-- them without gaps. Rows are never changed; old ones may be pruned only behind a checkpoint that
-- verification starts from.

CREATE TABLE audit_head (
    id   BIGINT PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_log (
    seq         BIGINT PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    BIGINT REFERENCES users (id),
    actor_name  TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    detail      TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_object ON audit_log (object_kind, object_id);
CREATE INDEX audit_log_at ON audit_log (at);

-- Where verification starts after old rows were pruned: the last pruned row's number and hash.
CREATE TABLE audit_checkpoints (
    seq    BIGINT PRIMARY KEY,
    hash   TEXT NOT NULL,
    at     TEXT NOT NULL,
    pruned BIGINT NOT NULL
);

CREATE FUNCTION sportello_audit_prune_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM audit_checkpoints WHERE seq >= OLD.seq) THEN
        RAISE EXCEPTION 'the audit trail is append-only';
    END IF;
    RETURN OLD;
END $$;

CREATE FUNCTION sportello_audit_head_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NEW.seq < OLD.seq THEN
        RAISE EXCEPTION 'the audit chain never goes back';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER audit_log_immutable_u BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION sportello_refuse('the audit trail is append-only');
CREATE TRIGGER audit_log_pruned_only_behind_a_checkpoint BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION sportello_audit_prune_guard();
CREATE TRIGGER audit_log_never_truncated BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION sportello_refuse('the audit trail is append-only');
CREATE TRIGGER audit_checkpoints_immutable_u BEFORE UPDATE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION sportello_refuse('audit checkpoints are immutable');
CREATE TRIGGER audit_checkpoints_immutable_d BEFORE DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION sportello_refuse('audit checkpoints are immutable');
CREATE TRIGGER audit_checkpoints_never_truncated BEFORE TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION sportello_refuse('audit checkpoints are immutable');
CREATE TRIGGER audit_head_never_deleted BEFORE DELETE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION sportello_refuse('the audit chain head is never deleted');
CREATE TRIGGER audit_head_never_truncated BEFORE TRUNCATE ON audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION sportello_refuse('the audit chain head is never deleted');
CREATE TRIGGER audit_head_moves_forward BEFORE UPDATE ON audit_head
    FOR EACH ROW EXECUTE FUNCTION sportello_audit_head_guard();
