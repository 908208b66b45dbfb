import { deciderSpec } from './decider-spec';
import type { SpecifiedDecider } from './decider-spec';

class AlreadyOpen extends Error {}
type Event = { type: 'Opened' };
const decider: SpecifiedDecider<boolean, { type: 'Open' }, Event> = {
  initialState: false,
  decide: (_c, open) => {
    if (open) throw new AlreadyOpen('already open');
    return [{ type: 'Opened' }];
  },
  evolve: () => true,
};
const spec = deciderSpec(decider);

describe('deciderSpec', () => {
  it('passes when the decided events match', () => {
    spec
      .given([])
      .when({ type: 'Open' })
      .then([{ type: 'Opened' }]);
    spec
      .given([{ type: 'Opened' }])
      .when({ type: 'Open' })
      .thenThrows(AlreadyOpen, (e) => expect(e.message).toBe('already open'));
  });

  it('fails when the events differ, the error differs or nothing is thrown', () => {
    expect(() => spec.given().when({ type: 'Open' }).then([])).toThrow();
    expect(() => spec.given().when({ type: 'Open' }).thenNothingHappened()).toThrow();
    expect(() => spec.given().when({ type: 'Open' }).thenThrows(AlreadyOpen)).toThrow(
      /expected AlreadyOpen but the command decided/,
    );
    expect(() =>
      spec
        .given([{ type: 'Opened' }])
        .when({ type: 'Open' })
        .thenThrows(TypeError),
    ).toThrow(/expected TypeError but AlreadyOpen/);
  });
});
