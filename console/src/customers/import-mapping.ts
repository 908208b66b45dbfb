// The column mapping an import starts from: each CSV header matched to the customer field of the
// same name (case, spaces, dashes and underscores aside), anything else ignored until the user
// picks a target. The targets are the gateway's (ColumnMappingInput.target in the schema).
export const IMPORT_TARGETS = [
  'kind',
  'firstName',
  'lastName',
  'companyName',
  'industry',
  'companySize',
  'email',
  'phone',
  'addressLine1',
  'addressLine2',
  'postalCode',
  'city',
  'addressRegion',
  'countryCode',
  'birthday',
  'gender',
  'occupation',
  'incomeBand',
  'region',
  'nationalId',
  'externalId',
  'tags',
  'interests',
  'buyingMotives',
  'ownerUserId',
  'teamId',
  'status',
  'consentEmail',
  'consentSms',
  'consentPhone',
  'consentPush',
  'ignore',
] as const;

const normal = (name: string) => name.toLowerCase().replace(/[\s_-]/g, '');
const BY_NORMAL_NAME = new Map<string, string>(IMPORT_TARGETS.map((t) => [normal(t), t]));
// Usual header spellings that differ from the field's name.
const ALIASES: Record<string, string> = {
  mail: 'email',
  emailaddress: 'email',
  first: 'firstName',
  givenname: 'firstName',
  last: 'lastName',
  surname: 'lastName',
  familyname: 'lastName',
  company: 'companyName',
  mobile: 'phone',
  telephone: 'phone',
  country: 'countryCode',
  zip: 'postalCode',
};

/** The header's column names (the first line, split on the delimiter, quotes removed). */
export function headerOf(csv: string, delimiter = ','): string[] {
  const firstLine = csv.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.trim() === '') return [];
  return firstLine.split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

/** A target per column: its namesake field, a usual alias of one, or `ignore`. */
export function guessMapping(columns: readonly string[]): { column: string; target: string }[] {
  return columns.map((column) => {
    const key = normal(column);
    return { column, target: BY_NORMAL_NAME.get(key) ?? ALIASES[key] ?? 'ignore' };
  });
}
