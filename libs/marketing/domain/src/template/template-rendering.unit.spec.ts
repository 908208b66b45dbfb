// Templates: Liquid merge fields with fallbacks over MJML, in English and Simplified Chinese.
import { MergeFieldMissingError, TemplateSyntaxError, UnknownMergeFieldError } from '../errors';
import type { TemplateVersion } from './merge-fields';
import { renderMessage, validateTemplateVersion } from './template-rendering';

const mjml = (text: string) =>
  `<mjml><mj-body><mj-section><mj-column><mj-text>${text}</mj-text></mj-column></mj-section></mj-body></mjml>`;
const en: TemplateVersion = {
  locale: 'en',
  subject: 'Hello {{ customer.firstName }}',
  body: mjml(
    'Dear {{ customer.firstName }} {{ customer.lastName }}, <a href="{{ unsubscribeUrl }}">unsubscribe</a>',
  ),
};
const zh: TemplateVersion = {
  locale: 'zh-CN',
  subject: '{{ customer.lastName }}先生/女士，您好',
  body: mjml('亲爱的{{ customer.lastName }}，<a href="{{ unsubscribeUrl }}">退订</a>'),
};
const render = (version: TemplateVersion, recipient: object, fallbacks = {}) =>
  renderMessage({
    version,
    fallbacks,
    recipient,
    campaignName: 'Spring',
    unsubscribeUrl: 'https://crm.example/u?token=abc',
  });

describe('template validation', () => {
  it('lists the merge fields a valid template uses', async () => {
    await expect(validateTemplateVersion(en)).resolves.toEqual([
      'customer.firstName',
      'customer.lastName',
      'unsubscribeUrl',
    ]);
  });

  it('refuses Liquid syntax errors, unknown merge fields and invalid MJML', async () => {
    await expect(
      validateTemplateVersion({ ...en, subject: 'Hi {{ customer.firstName' }),
    ).rejects.toThrow(TemplateSyntaxError);
    await expect(
      validateTemplateVersion({ ...en, subject: 'Hi {{ customer.email }}' }),
    ).rejects.toThrow(UnknownMergeFieldError);
    await expect(
      validateTemplateVersion({ ...en, body: '<mjml><mj-body><mj-nonsense/></mj-body></mjml>' }),
    ).rejects.toThrow(TemplateSyntaxError);
  });
});

describe('rendering a message', () => {
  it('fills the merge fields, escapes HTML in values and produces responsive HTML', async () => {
    const message = await render(en, { firstName: 'Anna', lastName: '<b>Huber</b>' });
    expect(message.subject).toBe('Hello Anna');
    expect(message.html).toContain('Dear Anna &lt;b&gt;Huber&lt;/b&gt;');
    expect(message.html).toContain('href="https://crm.example/u?token=abc"');
    expect(message.html).toContain('@media only screen');
  });

  it('renders the Simplified Chinese version', async () => {
    const message = await render(zh, { lastName: '王' });
    expect(message.subject).toBe('王先生/女士，您好');
    expect(message.html).toContain('亲爱的王');
  });

  it('uses the fallback when the recipient has no value', async () => {
    const message = await render(en, { lastName: 'Huber' }, { 'customer.firstName': 'friend' });
    expect(message.subject).toBe('Hello friend');
  });

  it('blocks the send and says which field is missing when there is no fallback', async () => {
    await expect(render(en, { lastName: 'Huber' })).rejects.toThrow(
      new MergeFieldMissingError('customer.firstName'),
    );
  });
});
