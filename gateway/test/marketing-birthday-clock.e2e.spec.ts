// Issue 13's birthday "done when" on the running platform, with the platform test clock (ADR
// 0271): a consenting customer in Asia/Tokyo (the profile's `timeZone` custom field) whose birthday
// is tomorrow there; the ready-made birthday journey is active. At 08:50 local nothing is sent; once
// the platform's clock passes 09:00 local, the marketing service's own quarter-hourly sweep enrols
// the customer and exactly one birthday mail reaches Mailpit, and a later jump the same day sends
// no second one. The clock goes back to real time afterwards.
import { randomUUID } from 'node:crypto';
import { eventually, testInfrastructure } from '@crm/testing';
import { type GatewayGraphQLClient } from './support/graphql-client';
import {
  advancePlatformClock,
  resetPlatformClock,
  setPlatformTime,
} from './support/platform-clock';
import { loginToRunningPlatform } from './support/running-platform';

jest.setTimeout(300_000);
const ZONE = 'Asia/Tokyo'; // UTC+9 all year: 09:00 local is 00:00 UTC
const MINUTE = 60_000;
const run = randomUUID().slice(0, 8);
const email = `hana.${run}@birthday.example`;

let client: GatewayGraphQLClient;
let mailpitUrl: string;

beforeAll(async () => {
  mailpitUrl = (await testInfrastructure({ require: ['mailpit'] })).mailpitUrl;
  client = await loginToRunningPlatform();
}, 60_000);
afterAll(async () => {
  await resetPlatformClock();
});

/**
 * The birthday greetings mailed to the recipient. Other journeys of the shared tenant may mail the
 * new customer too (the welcome journey another spec installs), so only greetings count.
 */
async function mailsTo(recipient: string): Promise<{ Subject: string }[]> {
  const url = new URL('/api/v1/search', mailpitUrl);
  url.searchParams.set('query', `to:${recipient}`);
  const { messages } = (await (await fetch(url)).json()) as { messages: { Subject: string }[] };
  return messages.filter((mail) => mail.Subject.startsWith('Happy birthday'));
}

/** Tomorrow's date in the zone (YYYY-MM-DD) and the instant of 09:00 local on it. */
function tomorrowAtNineIn(): { date: string; nine: number } {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(
    new Date(Date.now() + 86_400_000),
  );
  return { date, nine: Date.parse(`${date}T09:00:00+09:00`) };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('birthday journey on the platform clock', () => {
  it('mails a birthday greeting once, from 09:00 in the customer’s zone', async () => {
    const { date, nine } = tomorrowAtNineIn();
    await client.data(
      `mutation($input: InstallReadyMadeJourneyInput!) { installReadyMadeJourney(input: $input) { position } }`,
      { input: { kind: 'BIRTHDAY' } },
    );
    await client.data(
      `mutation($input: DeclareCustomFieldInput!) { declareCustomField(input: $input) { position } }`,
      { input: { name: 'timeZone', label: 'Time zone', type: 'STRING' } },
    );
    const { registerCustomer } = await client.data<{ registerCustomer: { customerId: string } }>(
      `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { customerId } }`,
      {
        input: {
          person: { firstName: 'Hana', lastName: `Birthday${run}` },
          contacts: [{ email, primary: true }],
          initialStatus: 'ACTIVE',
        },
      },
    );
    const customerId = registerCustomer.customerId;
    await client.data(
      `mutation($input: SetCustomFieldValuesInput!) { setCustomFieldValues(input: $input) { position } }`,
      { input: { customerId, values: [{ name: 'timeZone', stringValue: ZONE }] } },
    );
    await client.data(
      `mutation($input: ConsentInput!) { grantConsent(input: $input) { position } }`,
      { input: { customerId, channel: 'EMAIL', source: 'web-form:newsletter' } },
    );
    await client.data(
      `mutation($input: SetDemographicsInput!) { setCustomerDemographics(input: $input) { position } }`,
      { input: { customerId, birthday: `1990-${date.slice(5)}` } },
    );

    // Ten minutes before 09:00 local on the birthday: the sweep runs and sends nothing.
    await setPlatformTime(new Date(nine - 10 * MINUTE));
    await settle(10_000);
    expect(await mailsTo(email)).toEqual([]);

    // Past 09:00 local: the next sweep enrols her and the send step mails her. Should her profile
    // still be on its way to marketing's audience, the following quarter hours pick her up.
    await setPlatformTime(new Date(nine + MINUTE));
    const mailWithin = (timeoutMs: number) =>
      eventually(
        async () => {
          const found = await mailsTo(email);
          expect(found.length).toBeGreaterThan(0);
          return found;
        },
        { timeoutMs, intervalMs: 1000 },
      ).catch(() => []);
    let mails = await mailWithin(45_000);
    for (let quarter = 1; quarter < 4 && mails.length === 0; quarter += 1) {
      await advancePlatformClock(15 * MINUTE);
      mails = await mailWithin(45_000);
    }
    expect(mails).toHaveLength(1);
    expect(mails[0]!.Subject).toBe('Happy birthday, Hana!');

    // Later the same day (more sweeps): still one greeting.
    await setPlatformTime(new Date(nine + 3 * 60 * MINUTE));
    await settle(10_000);
    expect(await mailsTo(email)).toHaveLength(1);
  });
});
