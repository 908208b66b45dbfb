// The files the bench writes (results JSON, the figures block of docs/benchmarks.md) are formatted
// with the repository's Prettier settings, so `prettier --check` stays clean after every run.
import * as prettier from 'prettier';

export async function formatLikeTheRepo(text: string, filePath: string): Promise<string> {
  const options = (await prettier.resolveConfig(filePath)) ?? {};
  return prettier.format(text, { ...options, filepath: filePath });
}
