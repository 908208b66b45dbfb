-- One round trip per append (ADR 0120): the position allocation, the expected-version check, the
-- hash chain, the event rows, the stream head and the idempotency key in one function call, so an
-- autocommitted `SELECT * FROM event_store.append_to_stream(…)` is the whole append. Existing
-- stores gain the function; their rows, stream heads and chains are untouched and continue.
--
-- The hash of each event is SHA-256 of its canonical JSON (ADR 0012). The client sends that text
-- in three parts around the two values only known here, once the stream row is locked:
-- head || JSON(previous hash) || middle || stream version || tail (`eventHashTemplate` in Node).
--
-- The outcome is a row, not an exception, for refusals the client turns into typed errors
-- (nothing written): 'wrong_expected_version', 'stream_deleted', 'tenant_mismatch', with the
-- stream's current version. Unique violations (event id, idempotency key) still raise, so the
-- client can look for an earlier copy and answer with a replay.
CREATE FUNCTION event_store.append_to_stream(
  p_stream_id text,
  p_context text,
  p_category text,
  -- NULL when the append has no events (an idempotency key alone): no tenant check, as before
  p_tenant_id text,
  -- 'any' | 'no_stream' | 'stream_exists' | 'exact' (then p_expected_version)
  p_expected text,
  p_expected_version bigint,
  p_event_ids uuid[],
  p_types text[],
  p_schema_versions integer[],
  p_occurred_at timestamptz[],
  p_actors jsonb[],
  p_correlation_ids text[],
  p_causation_ids text[],
  p_data jsonb[],
  p_hash_heads text[],
  p_hash_middles text[],
  p_hash_tails text[],
  p_idempotency_key text,
  p_fingerprint text
) RETURNS TABLE (outcome text, stream_version bigint, positions bigint[], hashes text[], previous_hash text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  n integer := coalesce(cardinality(p_event_ids), 0);
  allocated bigint[];
  found_row boolean;
  head_version bigint;
  head_hash text;
  head_tenant text;
  head_tombstoned boolean;
  expectation_met boolean;
  chain text[];
  prior text;
BEGIN
  -- The first write of the transaction: transaction id and positions together (see 0001).
  IF n > 0 THEN
    allocated := event_store.allocate_positions(n);
  END IF;
  LOOP
    SELECT s.version, s.last_hash, s.tenant_id, s.tombstoned
      INTO head_version, head_hash, head_tenant, head_tombstoned
      FROM event_store.streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
    found_row := FOUND;
    IF NOT found_row THEN
      head_version := 0;
      head_hash := NULL;
    ELSIF head_tombstoned THEN
      RETURN QUERY SELECT 'stream_deleted'::text, head_version, NULL::bigint[], NULL::text[], NULL::text;
      RETURN;
    ELSIF p_tenant_id IS NOT NULL AND head_tenant <> p_tenant_id THEN
      RETURN QUERY SELECT 'tenant_mismatch'::text, head_version, NULL::bigint[], NULL::text[], NULL::text;
      RETURN;
    END IF;
    expectation_met := CASE p_expected
      WHEN 'any' THEN true
      WHEN 'no_stream' THEN head_version = 0
      WHEN 'stream_exists' THEN head_version > 0
      ELSE head_version = p_expected_version
    END;
    IF NOT expectation_met THEN
      RETURN QUERY SELECT 'wrong_expected_version'::text, head_version, NULL::bigint[], NULL::text[], NULL::text;
      RETURN;
    END IF;
    EXIT WHEN n = 0;

    chain := ARRAY[]::text[];
    prior := head_hash;
    FOR i IN 1..n LOOP
      prior := encode(sha256(convert_to(
        p_hash_heads[i] || coalesce('"' || prior || '"', 'null') || p_hash_middles[i]
          || (head_version + i)::text || p_hash_tails[i], 'UTF8')), 'hex');
      chain := chain || prior;
    END LOOP;

    IF found_row THEN
      UPDATE event_store.streams
         SET version = head_version + n, last_hash = prior, updated_at = now()
       WHERE stream_id = p_stream_id;
      EXIT;
    END IF;
    INSERT INTO event_store.streams (stream_id, category, tenant_id, version, last_hash)
      VALUES (p_stream_id, p_category, p_tenant_id, n, prior)
      ON CONFLICT (stream_id) DO NOTHING;
    EXIT WHEN FOUND;
    -- A concurrent append created the stream first (it has committed: ON CONFLICT waited for
    -- it): check the expectation again against its head.
  END LOOP;

  IF n > 0 THEN
    INSERT INTO event_store.events (global_position, event_id, stream_id, stream_version, context,
        category, type, schema_version, tenant_id, occurred_at, actor, correlation_id, causation_id,
        data, hash, previous_hash)
      SELECT allocated[i], p_event_ids[i], p_stream_id, head_version + i, p_context, p_category,
             p_types[i], p_schema_versions[i], p_tenant_id, p_occurred_at[i], p_actors[i],
             p_correlation_ids[i], p_causation_ids[i], p_data[i], chain[i],
             CASE WHEN i = 1 THEN head_hash ELSE chain[i - 1] END
        FROM generate_series(1, n) AS i;
  END IF;
  IF p_idempotency_key IS NOT NULL THEN
    INSERT INTO event_store.idempotency_keys (idempotency_key, stream_id, fingerprint, event_ids)
      VALUES (p_idempotency_key, p_stream_id, p_fingerprint, coalesce(p_event_ids, ARRAY[]::uuid[]));
  END IF;
  RETURN QUERY SELECT 'appended'::text, head_version + n, allocated, chain, head_hash;
END $$;
