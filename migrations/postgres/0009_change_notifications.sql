-- Live updates between workstations: every statement that adds or changes submissions notifies
-- the channel `sportello_changes` once, with the ids it touched (comma-separated), or `*` when it
-- touched more than 500 (a bulk load): listeners read everything again. Ids only, because NOTIFY is
-- not filtered by row-level security: every listener may hear every payload, and each window reads
-- the submissions again through its own rights.

CREATE FUNCTION sportello_notify_submissions() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_count bigint;
    v_ids   text;
BEGIN
    SELECT count(*), string_agg(id::text, ',') INTO v_count, v_ids
    FROM (SELECT id FROM changed LIMIT 501) c;
    IF v_count > 500 THEN
        PERFORM pg_notify('sportello_changes', '*');
    ELSIF v_count > 0 THEN
        PERFORM pg_notify('sportello_changes', v_ids);
    END IF;
    RETURN NULL;
END $$;

-- A trigger with transition tables may name one event only: one for inserts, one for updates.
CREATE TRIGGER submissions_notify_insert AFTER INSERT ON submissions
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION sportello_notify_submissions();
CREATE TRIGGER submissions_notify_update AFTER UPDATE ON submissions
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION sportello_notify_submissions();
