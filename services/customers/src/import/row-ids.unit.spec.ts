import { v5 as uuidv5 } from 'uuid';
import { rowCustomerIds } from './row-ids';

const ROW_NAMESPACE = '0d8f6f7e-3c4b-4a55-8f0e-4a6f3b1e9c21';

describe('rowCustomerIds', () => {
  it.each([
    ['tenant-a', 'import-1'],
    ['bench', 'P8R0S100000T1764543600000'],
    ['tënant-ü', 'import-é-✓'],
  ])('gives the uuid v5 of (tenant, import, row) that earlier runs stored, %s / %s', (t, i) => {
    const idOf = rowCustomerIds(t, i);
    for (const n of [1, 2, 9, 10, 250, 99_999, 100_000, 1_234_567]) {
      expect(idOf(n)).toBe(uuidv5(`${t}\0${i}\0${n}`, ROW_NAMESPACE));
    }
  });

  it('gives different ids to different rows, imports and tenants', () => {
    const ids = new Set([
      rowCustomerIds('t', 'a')(1),
      rowCustomerIds('t', 'a')(2),
      rowCustomerIds('t', 'b')(1),
      rowCustomerIds('u', 'a')(1),
    ]);
    expect(ids.size).toBe(4);
  });
});
