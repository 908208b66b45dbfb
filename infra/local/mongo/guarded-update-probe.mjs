#!/usr/bin/env node
// Measures what one bulk of guarded updates (the projection runtime's write: `{_id, $or: [guard]}`,
// ADR 0033) costs the MongoDB-wire server on a collection of N documents, and checks the replay
// matches nothing. Used for ADR 0360 (before: the cost grew with N; after: flat):
//
//   PATH=$PWD/node_modules/.bin:$PATH node infra/local/mongo/guarded-update-probe.mjs \
//     [mongodb-url] [server-pid] [documents=20000] [updates=1000]
//
// With the server's pid (.data/run/mongo.pid) it also prints the server's CPU time from /proc.
// Runs in a throwaway database, dropped at the end.
import { readFileSync } from 'node:fs';
import mongoose from 'mongoose';

const [url = process.env.CRM_MONGO_URL ?? 'mongodb://127.0.0.1:57017', pid, n, m] =
  process.argv.slice(2);
const documents = Number(n ?? 20_000);
const updates = Number(m ?? 1_000);
const serverCpuMs = () => {
  if (!pid) return undefined;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, at 100 ticks/s
};

const connection = await mongoose
  .createConnection(url, { dbName: `guarded_probe_${process.pid}_${Date.now().toString(36)}` })
  .asPromise();
try {
  const docs = connection.db.collection('docs');
  for (let i = 0; i < documents; i += 1000)
    await docs.insertMany(
      Array.from({ length: Math.min(1000, documents - i) }, (_, k) => ({
        _id: `d-${i + k}`,
        n: 0,
      })),
    );
  const step = Math.max(1, Math.floor(documents / updates));
  const bulk = Array.from({ length: updates }, (_, k) => ({
    updateOne: {
      filter: {
        _id: `d-${(k * step) % documents}`,
        $or: [{ '_applied.s': { $lt: 1 } }, { '_applied.s': { $exists: false } }],
      },
      update: { $set: { '_applied.s': 1 }, $inc: { n: 1 } },
    },
  }));
  const timed = async (label) => {
    const cpu0 = serverCpuMs();
    const t0 = performance.now();
    const result = await docs.bulkWrite(bulk, { ordered: true });
    const cpu = cpu0 === undefined ? '' : `, server CPU ${serverCpuMs() - cpu0} ms`;
    console.log(
      `${label}: ${updates} guarded updates on ${documents} documents in ${Math.round(performance.now() - t0)} ms${cpu}; modified ${result.modifiedCount}`,
    );
  };
  await timed('apply ');
  await timed('replay');
} finally {
  await connection.dropDatabase();
  await connection.close();
}
