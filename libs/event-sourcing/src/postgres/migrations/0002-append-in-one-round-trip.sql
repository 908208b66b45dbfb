-- One round trip per append (ADR 0120): the position allocation, the expected-version check, the
-- hash chain, the event rows, the stream head and the idempotency key in one function call, so an
-- autocommitted `SELECT * FROM event_store.append_to_stream(…)` is the whole append. Existing
-- stores gain the function; their rows, stream heads and chains are untouched and continue.
--
-- The hash of each event is SHA-256 of its canonical JSON (ADR 0012). The client sends that text
-- in parts around the two values only known here, once the stream row is locked (the previous
-- hash and the stream version; `eventHashTemplate` in Node).
-- Sequence gaps (positions allocated by a refused append) are harmless: readers rely on the
-- order, never on consecutive positions.
--
-- The outcome is a row, not an exception, for refusals the client turns into typed errors
-- (nothing written): 'wrong_expected_version', 'stream_deleted', 'tenant_mismatch', with the
-- stream's current version. Unique violations (event id, idempotency key) still raise, so the
-- client can look for an earlier copy and answer with a replay.
-- Positions as one range: a single nextval and setval under the allocation lock instead of one
-- nextval per event (only the store's functions take positions, all under this lock).
CREATE FUNCTION event_store.allocate_position_range(n integer) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  first_position bigint;
BEGIN
  PERFORM pg_advisory_lock(7310413229210745001);
  BEGIN
    PERFORM pg_current_xact_id();
    first_position := nextval('event_store.events_global_position_seq');
    IF n > 1 THEN
      PERFORM setval('event_store.events_global_position_seq', first_position + n - 1);
    END IF;
  EXCEPTION WHEN OTHERS THEN
    PERFORM pg_advisory_unlock(7310413229210745001);
    RAISE;
  END;
  PERFORM pg_advisory_unlock(7310413229210745001);
  RETURN first_position;
END $$;

CREATE FUNCTION event_store.append_to_stream(
  p_stream_id text,
  p_context text,
  p_category text,
  -- NULL when the append has no events (an idempotency key alone): no tenant check, as before
  p_tenant_id text,
  -- 'any' | 'no_stream' | 'stream_exists' | 'exact' (then p_expected_version)
  p_expected text,
  p_expected_version bigint,
  -- The events as one JSON array: [{eventId, type, schemaVersion, occurredAt, actor,
  -- correlationId, causationId, beforeData, data, afterData, middle, tail}]. `data` is the payload
  -- as canonical JSON; `json` (not jsonb) keeps its text verbatim, so the hash text is
  -- beforeData || data || afterData || JSON(previous hash) || middle || version || tail and the
  -- payload travels once.
  p_events json,
  -- the number of events in p_events (saves parsing the document once more to count them)
  p_count integer,
  p_idempotency_key text,
  p_fingerprint text
) RETURNS TABLE (outcome text, stream_version bigint, positions bigint[], hashes text[], previous_hash text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  n integer := p_count;
  event record;
  at integer := 0;
  first_position bigint;
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
    first_position := event_store.allocate_position_range(n);
    allocated := ARRAY(SELECT generate_series(first_position, first_position + n - 1));
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
    at := 0;
    FOR event IN SELECT e."beforeData" || e.data::text || e."afterData" AS head, e.middle, e.tail
                   FROM json_to_recordset(p_events)
                     AS e("beforeData" text, data json, "afterData" text, middle text, tail text)
    LOOP
      at := at + 1;
      prior := encode(sha256(convert_to(
        event.head || coalesce('"' || prior || '"', 'null') || event.middle
          || (head_version + at)::text || event.tail, 'UTF8')), 'hex');
      chain[at] := prior;
    END LOOP;
    IF at <> n THEN
      RAISE EXCEPTION 'append_to_stream: p_count % but % events', n, at USING ERRCODE = 'invalid_parameter_value';
    END IF;

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
      SELECT allocated[e.i], e.event_id, p_stream_id, head_version + e.i, p_context, p_category,
             e.type, e.schema_version, p_tenant_id, e.occurred_at, e.actor, e.correlation_id,
             e.causation_id, e.data::jsonb, chain[e.i],
             CASE WHEN e.i = 1 THEN head_hash ELSE chain[e.i - 1] END
        FROM ROWS FROM (json_to_recordset(p_events) AS ("eventId" uuid, type text,
               "schemaVersion" integer, "occurredAt" timestamptz, actor jsonb,
               "correlationId" text, "causationId" text, data json))
             WITH ORDINALITY AS e(event_id, type, schema_version, occurred_at, actor,
               correlation_id, causation_id, data, i);
  END IF;
  IF p_idempotency_key IS NOT NULL THEN
    INSERT INTO event_store.idempotency_keys (idempotency_key, stream_id, fingerprint, event_ids)
      VALUES (p_idempotency_key, p_stream_id, p_fingerprint,
              ARRAY(SELECT e."eventId" FROM json_to_recordset(p_events) AS e("eventId" uuid)));
  END IF;
  RETURN QUERY SELECT 'appended'::text, head_version + n, allocated, chain, head_hash;
END $$;
