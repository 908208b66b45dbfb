-- The event store: one global log of immutable events, a row per stream for its version and
-- metadata, and the idempotency keys of commands. See docs/event-store.md.

CREATE SEQUENCE event_store.events_global_position_seq AS bigint;

CREATE TABLE event_store.streams (
  stream_id        text PRIMARY KEY,
  category         text NOT NULL,
  tenant_id        text NOT NULL,
  -- stream_version of the last event (0 = none yet); the row lock on it serialises appends per stream
  version          bigint NOT NULL CHECK (version >= 0),
  -- hash of the last event: the previousHash of the next one
  last_hash        text,
  -- events with stream_version < truncate_before are hidden from stream reads (soft delete)
  truncate_before  bigint NOT NULL DEFAULT 0,
  tombstoned       boolean NOT NULL DEFAULT false,
  max_age_seconds  integer CHECK (max_age_seconds > 0),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE event_store.events (
  global_position  bigint PRIMARY KEY DEFAULT nextval('event_store.events_global_position_seq'),
  event_id         uuid NOT NULL,
  stream_id        text NOT NULL,
  stream_version   bigint NOT NULL CHECK (stream_version >= 1),
  context          text NOT NULL,
  category         text NOT NULL,
  type             text NOT NULL,
  schema_version   integer NOT NULL CHECK (schema_version >= 1),
  tenant_id        text NOT NULL,
  occurred_at      timestamptz NOT NULL,
  recorded_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor            jsonb NOT NULL,
  correlation_id   text NOT NULL,
  causation_id     text NOT NULL,
  data             jsonb NOT NULL,
  hash             text NOT NULL,
  previous_hash    text,
  -- the writing transaction: global reads stop below the oldest one still in flight (gap-free)
  transaction_id   xid8 NOT NULL DEFAULT pg_current_xact_id(),
  CONSTRAINT events_event_id_key UNIQUE (event_id),
  CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version)
);
ALTER SEQUENCE event_store.events_global_position_seq OWNED BY event_store.events.global_position;

CREATE INDEX events_category_position_idx ON event_store.events (category, global_position);
CREATE INDEX events_type_position_idx ON event_store.events (type, global_position);
CREATE INDEX events_tenant_position_idx ON event_store.events (tenant_id, global_position);

CREATE TABLE event_store.idempotency_keys (
  idempotency_key  text PRIMARY KEY,
  stream_id        text NOT NULL,
  fingerprint      text,
  event_ids        uuid[] NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);

-- History is immutable: refuse UPDATE, DELETE and TRUNCATE of events. (An administrator can still
-- disable the trigger; the hash chain is what detects such tampering.)
CREATE FUNCTION event_store.refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'event_store.events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER events_are_immutable BEFORE UPDATE OR DELETE ON event_store.events
  FOR EACH ROW EXECUTE FUNCTION event_store.refuse_event_change();
CREATE TRIGGER events_are_not_truncated BEFORE TRUNCATE ON event_store.events
  FOR EACH STATEMENT EXECUTE FUNCTION event_store.refuse_event_change();

-- Gap-free global order. Readers only read events whose transaction_id is below the oldest
-- transaction still in flight. That is only safe if a transaction with a lower id never holds a
-- higher global position than one with a higher id, so the id and the positions are taken
-- together under a short session-level lock (released at once, not at commit, so concurrent
-- appends still commit in parallel). Must be the first write of the appending transaction.
CREATE FUNCTION event_store.allocate_positions(n integer) RETURNS bigint[] LANGUAGE plpgsql AS $$
DECLARE
  allocated bigint[];
BEGIN
  PERFORM pg_advisory_lock(7310413229210745001);
  BEGIN
    PERFORM pg_current_xact_id();
    SELECT array_agg(nextval('event_store.events_global_position_seq')) INTO allocated FROM generate_series(1, n);
  EXCEPTION WHEN OTHERS THEN
    PERFORM pg_advisory_unlock(7310413229210745001);
    RAISE;
  END;
  PERFORM pg_advisory_unlock(7310413229210745001);
  RETURN allocated;
END $$;
