import { articleDraftFromTicket } from './article-from-ticket';
import { REDACTED, stripPersonalData } from './personal-data-stripping';

const ann = {
  names: ['Zoë-Ann O’Brien', 'Zoë-Ann', 'O’Brien'],
  emails: ['Zoe.Obrien+shop@Example.co.uk'],
  ids: ['cust-42', '0195f3c2-1d4e-7000-8000-00000000beef'],
};

describe('stripPersonalData', () => {
  it('replaces the known names in any case and accents, longest first, as whole words only', () => {
    const text =
      'Hi Zoë-Ann O’Brien, ZOE-ANN asked; zoe-ann again. Announcement for O’BRIEN. Brienne stays.';
    expect(stripPersonalData(text, ann)).toBe(
      `Hi ${REDACTED.name}, ${REDACTED.name} asked; ${REDACTED.name} again. Announcement for ${REDACTED.name}. Brienne stays.`,
    );
  });

  it('replaces any e-mail address, known or not, also spelled out or in a mailto link', () => {
    const text =
      'Write to zoe.obrien+shop@example.co.uk, mailto:someone.else@mail.example.org or ' +
      'zoe dot obrien at example dot com; Zoe.Obrien+shop@Example.co.uk said so.';
    const stripped = stripPersonalData(text, ann);
    expect(stripped).not.toMatch(/@|obrien|someone/i);
    expect(stripped.match(/\[e-mail\]/g)).toHaveLength(4);
  });

  it('replaces phone numbers in every common format and card or account numbers', () => {
    const text = [
      'Call +33 6 12 34 56 78',
      'or (555) 123-4567',
      'or 06.12.34.56.78',
      'or +1-202-555-0143 ext',
      'card 4111 1111 1111 1111',
      'IBAN FR76 3000 6000 0112 3456 7890 189',
    ].join('; ');
    const stripped = stripPersonalData(text);
    expect(stripped).toBe(
      `Call ${REDACTED.phone}; or ${REDACTED.phone}; or ${REDACTED.phone}; or ${REDACTED.phone} ext; ` +
        `card ${REDACTED.number}; IBAN ${REDACTED.number}`,
    );
  });

  it('keeps what says nothing about a person: short numbers, dates, words like the names', () => {
    const text = 'Order 1042 arrived in 3 days on 2026-12-07; the obrien-free answer. Li and Al.';
    expect(stripPersonalData(text, { names: ['Li', 'Al'] })).toBe(text);
  });

  it('replaces the known ids and any UUID, with regular-expression characters taken literally', () => {
    const text =
      'Customer cust-42 (see cust-420 and 0195F3C2-1D4E-7000-8000-00000000BEEF, ticket 0195f3c2-0000-7000-8000-000000000001) a.b*c';
    const stripped = stripPersonalData(text, { ...ann, ids: [...ann.ids, 'a.b*c', '(', ''] });
    expect(stripped).toBe(
      `Customer ${REDACTED.id} (see cust-420 and ${REDACTED.id}, ticket ${REDACTED.id}) ${REDACTED.id}`,
    );
  });

  it('survives hostile names: regular-expression syntax, empty, blank, enormous, null', () => {
    const names = ['.*', '(a+)+$', '', '   ', null, undefined, 'x'.repeat(10_000), 'Zoë'];
    const text = `${'a'.repeat(5_000)}! zoe .* stays`;
    // Names are matched word by word, never compiled into patterns: no catastrophic backtracking.
    expect(stripPersonalData(text, { names })).toBe(
      `${'a'.repeat(5_000)}! ${REDACTED.name} .* stays`,
    );
  });

  it('never lets a known address through even without a domain dot pattern', () => {
    expect(stripPersonalData('from ann@localhost', { emails: ['ann@localhost'] })).toBe(
      `from ${REDACTED.email}`,
    );
  });
});

describe('articleDraftFromTicket', () => {
  const ticket = {
    subject: 'Zoë cannot reset her password',
    tags: ['account'],
    conversation: [
      { kind: 'customer', body: 'Hello, I am Zoë O’Brien (+44 20 7946 0958), the link fails.' },
      { kind: 'note', body: 'Zoë is a VIP, card 4111 1111 1111 1111' },
      { kind: 'reply', body: 'Dear Zoë, open the link within 24 hours; it expires after that.' },
      { kind: 'customer', body: 'Thanks Zoë' },
    ],
  };

  it('is the question and the public answers without personal data, never the internal notes', () => {
    const draft = articleDraftFromTicket(ticket, { names: ['Zoë O’Brien'] });
    expect(draft).toEqual({
      title: `${REDACTED.name} cannot reset her password`,
      body:
        `## Question\n\nHello, I am ${REDACTED.name} (${REDACTED.phone}), the link fails.\n\n` +
        `## Answer\n\nDear ${REDACTED.name}, open the link within 24 hours; it expires after that.`,
      tags: ['account'],
    });
    expect(draft?.body).not.toMatch(/VIP|4111/);
  });

  it('takes a given title (stripped too) and gives nothing for a ticket without a public reply', () => {
    expect(articleDraftFromTicket(ticket, { names: ['Zoë'] }, 'Reset links for Zoë')?.title).toBe(
      `Reset links for ${REDACTED.name}`,
    );
    expect(
      articleDraftFromTicket({ ...ticket, conversation: ticket.conversation.slice(0, 2) }, {}),
    ).toBeUndefined();
  });
});
