import { mergeChangesPerDocument, remove, upsert } from './read-model-change';

describe('mergeChangesPerDocument', () => {
  it('makes one change per document: later sets win, unsets and increments combine', () => {
    expect(
      mergeChangesPerDocument([
        upsert('m', 'a', { set: { x: 1, y: 1 }, setOnInsert: { createdAt: 't' }, inc: { n: 1 } }),
        upsert('other', 'a', { set: { z: 1 } }),
        upsert('m', 'a', { set: { y: 2 }, unset: ['x', 'w'], inc: { n: 2, k: 1 } }),
        upsert('m', 'a', { set: { w: 3 } }),
      ]),
    ).toEqual([
      upsert('m', 'a', {
        set: { y: 2, w: 3 },
        setOnInsert: { createdAt: 't' },
        inc: { n: 3, k: 1 },
        unset: ['x'],
      }),
      upsert('other', 'a', { set: { z: 1 } }),
    ]);
  });

  it('keeps the order around a delete of the same document', () => {
    const changes = [
      upsert('m', 'a', { set: { x: 1 } }),
      remove('m', 'a'),
      upsert('m', 'a', { set: { y: 1 } }),
      upsert('m', 'a', { set: { z: 1 } }),
    ];
    expect(mergeChangesPerDocument(changes)).toEqual([
      changes[0],
      changes[1],
      upsert('m', 'a', { set: { y: 1, z: 1 } }),
    ]);
  });
});
