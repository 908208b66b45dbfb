// SHA-256 of every file of a backup, streamed (data files can be a gigabyte each).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface FileChecksum {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** Relative paths of every regular file under `root`, sorted. */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .sort();
}

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

export async function checksumTree(
  root: string,
  onFile?: (done: number, total: number) => void,
): Promise<FileChecksum[]> {
  const files = await listFiles(root);
  const out: FileChecksum[] = [];
  for (const [i, rel] of files.entries()) {
    const full = path.join(root, rel);
    out.push({ path: rel, bytes: (await stat(full)).size, sha256: await sha256File(full) });
    onFile?.(i + 1, files.length);
  }
  return out;
}
