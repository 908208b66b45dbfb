// eslint-disable-next-line @nx/enforce-module-boundaries -- test-only use of the shared given/when/then helper
import { deciderSpec } from '@crm/testing';
import { InvalidProgramError } from '../errors';
import { PROGRAM } from '../testing/loyalty-fixtures';
import { programDecider } from './program.decider';
import type { ProgramDefinition } from './program.types';

const spec = deciderSpec(programDecider);
const define = (definition: ProgramDefinition) => ({
  type: 'DefineProgram' as const,
  data: { definition, at: '2026-01-01T00:00:00.000Z' },
});

describe('program', () => {
  it('is defined once, then revised', () => {
    spec
      .given([])
      .when(define(PROGRAM))
      .then([
        {
          type: 'loyalty.ProgramDefined',
          data: { definition: PROGRAM, definedAt: '2026-01-01T00:00:00.000Z' },
        },
      ]);
    spec
      .given([
        {
          type: 'loyalty.ProgramDefined',
          data: { definition: PROGRAM, definedAt: '2025-01-01T00:00:00.000Z' },
        },
      ])
      .when(define(PROGRAM))
      .then([
        {
          type: 'loyalty.ProgramRevised',
          data: { definition: PROGRAM, revisedAt: '2026-01-01T00:00:00.000Z' },
        },
      ]);
  });

  it.each<[string, Partial<ProgramDefinition>]>([
    ['timeZone', { timeZone: 'Mars/Olympus' }],
    [
      'tiers.1.qualifyingThreshold',
      { tiers: [PROGRAM.tiers[0]!, { ...PROGRAM.tiers[1]!, qualifyingThreshold: 0 }] },
    ],
    ['tiers.0.qualifyingThreshold', { tiers: [{ ...PROGRAM.tiers[0]!, qualifyingThreshold: 5 }] }],
    [
      'promotions.0.until',
      { promotions: [{ ...PROGRAM.promotions[0]!, until: PROGRAM.promotions[0]!.from }] },
    ],
    [
      'earnRules.0.points',
      { earnRules: [{ ruleId: 'x', kind: 'amount', points: 0.5, perMinor: 100 }] },
    ],
    ['lotLifetime.monthDay', { lotLifetime: { kind: 'fixed_day', monthDay: '02-29' } }],
    [
      'tiers.0.benefits.1.code',
      {
        tiers: [
          {
            ...PROGRAM.tiers[0]!,
            benefits: [
              { code: 'free-shipping', description: 'Free shipping' },
              { code: 'free-shipping', description: 'Free express shipping' },
            ],
          },
        ],
      },
    ],
  ])('refuses an inconsistent %s', (field, change) => {
    spec
      .given([])
      .when(define({ ...PROGRAM, ...change }))
      .thenThrows(InvalidProgramError, (e) => expect(e.field).toBe(field));
  });
});
