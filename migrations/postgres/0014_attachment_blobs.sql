-- The citizen's files stored content-addressed (issue 12): the bytes once per SHA-256 in `blobs`,
-- each attachment naming its blob, the registration it came in with (NULL: the submission's own,
-- at intake), the message that brought it, and why the intake distrusts it (rows older than this
-- migration have none: the viewer reads the bytes again before it shows or opens anything). Twin of
-- migrations/sqlite/0014_attachment_blobs.sql.
CREATE TABLE blobs (
    sha256  TEXT PRIMARY KEY,
    size    BIGINT NOT NULL,
    content BYTEA NOT NULL
);
INSERT INTO blobs (sha256, size, content)
    SELECT DISTINCT ON (sha256) sha256, size, content FROM attachments ORDER BY sha256, id;
CREATE TRIGGER blobs_immutable_u BEFORE UPDATE ON blobs
    FOR EACH ROW EXECUTE FUNCTION sportello_refuse('stored files are immutable');
CREATE TRIGGER blobs_immutable_d BEFORE DELETE ON blobs
    FOR EACH ROW EXECUTE FUNCTION sportello_refuse('stored files are immutable');
CREATE TRIGGER blobs_immutable_t BEFORE TRUNCATE ON blobs
    FOR EACH STATEMENT EXECUTE FUNCTION sportello_refuse('stored files are immutable');

ALTER TABLE attachments DROP COLUMN content;
ALTER TABLE attachments
    ADD CONSTRAINT attachments_blob FOREIGN KEY (sha256) REFERENCES blobs (sha256),
    ADD COLUMN registration_id BIGINT REFERENCES protocol_registrations (id),
    ADD COLUMN message_id BIGINT REFERENCES messages (id),
    ADD COLUMN warning TEXT;

-- A blob is readable by whoever sees an attachment naming it (the attachments' own policies decide);
-- anyone who may add an attachment may add its bytes (the key is their hash: nothing to overwrite).
ALTER TABLE blobs OWNER TO sportello_owner;
ALTER TABLE blobs ENABLE ROW LEVEL SECURITY;
CREATE POLICY system ON blobs TO sportello_system USING (true) WITH CHECK (true);
GRANT SELECT, INSERT ON blobs TO sportello_operatore, sportello_responsabile, sportello_system;
CREATE POLICY department_reads ON blobs FOR SELECT TO sportello_operatore, sportello_responsabile
    USING (EXISTS (SELECT 1 FROM attachments a WHERE a.sha256 = blobs.sha256));
CREATE POLICY department_writes ON blobs FOR INSERT TO sportello_operatore, sportello_responsabile
    WITH CHECK (true);
GRANT SELECT, INSERT, UPDATE, DELETE ON blobs TO sportello_auditor;
