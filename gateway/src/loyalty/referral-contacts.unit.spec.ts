import { sharedContactKinds } from './referral-contacts';

const email = (value: string) => ({ email: value, phone: null });
const phone = (value: string) => ({ email: null, phone: value });

describe('sharedContactKinds', () => {
  it('finds an e-mail shared whatever its case and spaces, and a phone whatever its formatting', () => {
    expect(sharedContactKinds([email(' Ada@Example.com')], [email('ada@example.com')])).toEqual([
      'email',
    ]);
    expect(
      sharedContactKinds(
        [phone('+49 30 123456'), email('a@x.io')],
        [phone('+4930123456'), email('b@x.io')],
      ),
    ).toEqual(['phone']);
  });

  it('finds nothing between different people, or without contacts', () => {
    expect(sharedContactKinds([email('a@x.io'), phone('+1555')], [email('b@x.io')])).toEqual([]);
    expect(sharedContactKinds([], [email('b@x.io')])).toEqual([]);
  });
});
