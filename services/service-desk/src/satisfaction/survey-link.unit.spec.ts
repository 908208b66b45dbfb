import { SurveyInvalidError } from '@crm/service-desk-domain';
import { SurveyLinks } from './survey-link';

const SECRET = 'a-survey-secret-of-at-least-32-characters!';
const claims = {
  kind: 'csat' as const,
  tenantId: 'tenant-a',
  subjectId: 'T-1',
  surveyId: '2026-12-07T09:00:00.000Z',
};

describe('survey links', () => {
  let now = new Date('2026-12-07T10:00:00.000Z');
  const links = new SurveyLinks(SECRET, 30, () => now);

  it('verify what they signed', async () => {
    await expect(links.verify(await links.sign(claims), 'csat')).resolves.toEqual(claims);
  });

  it('refuse an altered token, another kind, another secret and an expired link', async () => {
    const token = await links.sign(claims);
    await expect(links.verify(token, 'nps')).rejects.toThrow(SurveyInvalidError);
    const [header, payload, signature] = token.split('.');
    const forged = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as object;
    const altered = `${header}.${Buffer.from(JSON.stringify({ ...forged, sub: 'T-2' })).toString('base64url')}.${signature}`;
    await expect(links.verify(altered, 'csat')).rejects.toThrow(SurveyInvalidError);
    const other = new SurveyLinks('another-secret-of-at-least-32-characters', 30, () => now);
    await expect(other.verify(token, 'csat')).rejects.toThrow(SurveyInvalidError);
    now = new Date('2027-01-07T10:00:00.000Z');
    await expect(links.verify(token, 'csat')).rejects.toThrow(SurveyInvalidError);
    await expect(links.verify('not a token', 'csat')).rejects.toThrow(SurveyInvalidError);
  });
});
