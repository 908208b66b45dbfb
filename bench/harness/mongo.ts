// The bench's own MongoDB databases, emptied before each run so no figure depends on what a previous
// run or a test left behind. Named `bench_crm_*`, not `crm_bench*`: the MongoDB-wire server used
// here (mongo-java-server, H2 backend) drops every database whose name *starts with* the dropped
// one (H2Database.drop matches `databases.<name>` without the trailing dot), so a test dropping
// `crm` would silently destroy `crm_bench_platform` mid-run. No bench name is a prefix of another.
import mongoose from 'mongoose';

export const BENCH_MONGO_DATABASE = 'bench_crm_rebuild';

/** Connection options for the MongoDB-wire server on a loaded machine: wait for it rather than fail. */
export const PATIENT_MONGO = { serverSelectionTimeoutMS: 60_000, connectTimeoutMS: 120_000 };

export function benchMongoUrl(serverUrl: string, database = BENCH_MONGO_DATABASE): string {
  const parsed = new URL(serverUrl);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function dropMongoDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!name.startsWith('bench_crm_'))
    throw new Error(
      `refusing to drop MongoDB database ${name}: bench databases start with bench_crm_`,
    );
  const connection = await mongoose
    .createConnection(url, { serverSelectionTimeoutMS: 5000 })
    .asPromise();
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
}
