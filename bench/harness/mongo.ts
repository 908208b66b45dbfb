// The bench's own MongoDB database (`crm_bench`), emptied before each run so no figure depends on
// what a previous run or a test left behind.
import mongoose from 'mongoose';

export const BENCH_MONGO_DATABASE = 'crm_bench';

export function benchMongoUrl(serverUrl: string, database = BENCH_MONGO_DATABASE): string {
  const parsed = new URL(serverUrl);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function dropMongoDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!name.startsWith('crm_bench'))
    throw new Error(
      `refusing to drop MongoDB database ${name}: bench databases start with crm_bench`,
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
