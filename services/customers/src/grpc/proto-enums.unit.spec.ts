// fromProtoEnum compares without building strings (ADR 0425, per-row CPU); these are the cases such
// a comparison could get wrong.
import { Violations } from '@crm/customers-domain';
import { fromProtoEnum, toProtoEnum } from './proto-enums';

const GENDERS = ['female', 'male', 'diverse', 'undisclosed'] as const;

function parse(value: string | number | undefined): [string | undefined, string[]] {
  const v = new Violations();
  const literal = fromProtoEnum(v, 'gender', 'GENDER', value, GENDERS);
  return [literal, v.all.map((x) => x.code)];
}

test('not given: unset, empty, 0 or the enum’s UNSPECIFIED', () => {
  for (const value of [undefined, '', 0, 'GENDER_UNSPECIFIED'])
    expect(parse(value)).toEqual([undefined, []]);
});

test('a proto name or a literal becomes the literal', () => {
  expect(parse('GENDER_FEMALE')).toEqual(['female', []]);
  expect(parse('female')).toEqual(['female', []]);
  expect(parse(toProtoEnum('GENDER', 'diverse'))).toEqual(['diverse', []]);
});

test('anything else is an unknown value, also near misses of UNSPECIFIED and of the prefix', () => {
  for (const value of [
    'GENDER_ROBOT',
    'GENDER_UNSPECIFIEDX',
    'GENDERX_UNSPECIFIED',
    'GENDERFEMALE',
    'UNSPECIFIED',
  ])
    expect(parse(value)).toEqual([undefined, ['UNKNOWN_VALUE']]);
});
