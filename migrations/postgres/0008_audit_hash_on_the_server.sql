-- The audit trail's hash computed by the server, with the encoding of
-- `sportello_domain::audit::entry_hash` (each field as its byte length, ':', its bytes, '\n'; the
-- same test vectors): on PostgreSQL the chain is appended by `sportello_audit_append` alone, so a
-- workstation never supplies a hash. Shared mode will let officers' roles execute the function and
-- nothing else on the trail.

CREATE FUNCTION sportello_audit_field(value text) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT convert_to(octet_length(convert_to(value, 'UTF8'))::text || ':', 'UTF8')
               || convert_to(value, 'UTF8') || '\x0a'::bytea $$;

CREATE FUNCTION sportello_audit_hash(
    prev_hash text, seq bigint, at text, actor_id bigint, actor_name text, action text,
    object_kind text, object_id text, detail text
) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT encode(sha256(
        sportello_audit_field(prev_hash)
        || sportello_audit_field(seq::text)
        || sportello_audit_field(at)
        || sportello_audit_field(coalesce(actor_id::text, ''))
        || sportello_audit_field(actor_name)
        || sportello_audit_field(action)
        || sportello_audit_field(object_kind)
        || sportello_audit_field(object_id)
        || sportello_audit_field(detail)), 'hex') $$;

-- Appends one entry after the head and returns its number. The head row's lock (taken by the
-- UPDATE) orders concurrent appends until COMMIT; a rollback gives the number back.
CREATE FUNCTION sportello_audit_append(
    p_at text, p_actor_id bigint, p_actor_name text, p_action text,
    p_object_kind text, p_object_id text, p_detail text
) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, public, pg_temp
    AS $$
DECLARE
    v_seq  bigint;
    v_prev text;
    v_hash text;
BEGIN
    UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash INTO v_seq, v_prev;
    v_hash := sportello_audit_hash(v_prev, v_seq, p_at, p_actor_id, p_actor_name, p_action,
                                   p_object_kind, p_object_id, p_detail);
    INSERT INTO audit_log (seq, at, actor_id, actor_name, action, object_kind, object_id, detail,
                           prev_hash, hash)
    VALUES (v_seq, p_at, p_actor_id, p_actor_name, p_action, p_object_kind, p_object_id, p_detail,
            v_prev, v_hash);
    UPDATE audit_head SET hash = v_hash WHERE id = 1;
    RETURN v_seq;
END $$;
