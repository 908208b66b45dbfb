/** A duplicate key on the `_id` index (not on another unique index of the read model). */
export function isIdDuplicate(code: number, message: string | undefined): boolean {
  return code === 11000 && /index: _id_|_id_ dup key|dup key: \{ _id:/.test(message ?? '');
}
