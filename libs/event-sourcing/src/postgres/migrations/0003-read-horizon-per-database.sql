-- The gap-free read horizon of this database's log (ADR 0011, ADR 0185). Global readers return only
-- rows of transactions below it. `pg_snapshot_xmin` alone is the oldest transaction of the whole
-- cluster, so one idle transaction in another database (another context, a test, a psql left
-- open) held back every reader of every database. Transaction ids are cluster-wide, but a
-- transaction can only write to the database its session is connected to: an in-flight id that
-- provably belongs to a session of another database can never add a row here, and is skipped.
--
-- "Provably": the id's own ExclusiveLock in pg_locks names its session, and pg_stat_activity names
-- that session's database (both readable by any role). An id without such proof (it ended a moment
-- ago, it is a prepared transaction, its lock is not taken yet) still counts, exactly as before.
-- With no in-flight id left, the horizon is the snapshot's xmax.
-- STABLE: called inside the reading statement it uses that statement's snapshot, so the horizon and
-- the rows read agree.
CREATE FUNCTION event_store.read_horizon() RETURNS xid8 LANGUAGE sql STABLE AS $$
  WITH snap AS MATERIALIZED (SELECT pg_current_snapshot() AS s),
  running AS MATERIALIZED (SELECT x FROM snap, pg_snapshot_xip(snap.s) AS x),
  elsewhere AS MATERIALIZED (
    SELECT l.transactionid
      FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE EXISTS (SELECT FROM running)
       AND l.locktype = 'transactionid' AND l.mode = 'ExclusiveLock' AND l.granted
       AND a.datname IS DISTINCT FROM current_database())
  SELECT COALESCE(
    (SELECT min(r.x) FROM running r
      WHERE NOT EXISTS (SELECT FROM elsewhere o WHERE o.transactionid = r.x::xid)),
    (SELECT pg_snapshot_xmax(snap.s) FROM snap))
$$;
