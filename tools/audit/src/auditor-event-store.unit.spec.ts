// The auditor reads the whole log, so its policy must know every personal field each context
// declares; one it missed would show ciphertext instead of the value, and never "[erased]".
import { SALES_NOTE_PERSONAL_FIELDS, SALES_PERSONAL_FIELDS } from '@crm/contracts/sales';
import { SERVICE_DESK_PERSONAL_FIELDS } from '@crm/contracts/service-desk';
import { auditorPersonalDataPolicy } from './auditor-event-store';

describe("the auditor's personal data policy", () => {
  const declared = auditorPersonalDataPolicy().declarations;
  const fieldsOf = (type: string) =>
    (declared.get(type) ?? []).flatMap((d) => d.paths.map((path) => path.text));

  it.each(
    Object.entries({
      ...SALES_PERSONAL_FIELDS,
      ...SALES_NOTE_PERSONAL_FIELDS,
      ...SERVICE_DESK_PERSONAL_FIELDS,
    }),
  )('declares every personal field of %s', (type, fields) => {
    expect(fieldsOf(type)).toEqual(expect.arrayContaining([...fields]));
  });

  it("declares the customers context's registration", () => {
    expect(fieldsOf('customers.CustomerRegistered').length).toBeGreaterThan(0);
  });
});
