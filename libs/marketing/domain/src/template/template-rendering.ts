// Validates and renders e-mail templates: Liquid (strict variables, typed merge fields with
// fallbacks) over MJML, rendered to responsive HTML. Pure: no clock, no I/O. Values are
// HTML-escaped in the body; the subject is a plain-text header, so it is not.
import { Liquid } from 'liquidjs';
import mjml2html from 'mjml';
import { MergeFieldMissingError, TemplateSyntaxError, UnknownMergeFieldError } from '../errors';
import {
  MERGE_FIELDS,
  SYSTEM_MERGE_FIELDS,
  type MergeField,
  type RecipientMergeData,
  type TemplateVersion,
} from './merge-fields';

const bodyEngine = new Liquid({
  strictVariables: true,
  strictFilters: true,
  outputEscape: 'escape',
});
const subjectEngine = new Liquid({ strictVariables: true, strictFilters: true });

/** The merge fields the text uses; a syntax error or an undeclared variable is refused. */
export function mergeFieldsOf(part: string, text: string): MergeField[] {
  let variables: string[];
  try {
    variables = bodyEngine.fullVariablesSync(text);
  } catch (error) {
    throw new TemplateSyntaxError(part, error instanceof Error ? error.message : String(error));
  }
  return [...new Set(variables)].map((variable) => {
    if (!(MERGE_FIELDS as readonly string[]).includes(variable))
      throw new UnknownMergeFieldError(part, variable);
    return variable as MergeField;
  });
}

/** Checks a template version: Liquid syntax, merge fields, and MJML that compiles without errors. */
export async function validateTemplateVersion(version: TemplateVersion): Promise<MergeField[]> {
  const fields = [
    ...mergeFieldsOf(`${version.locale}.subject`, version.subject),
    ...mergeFieldsOf(`${version.locale}.body`, version.body),
  ];
  // Rendered with sample values first, so that the MJML check sees what a real send compiles.
  const sample = (await bodyEngine.parseAndRender(version.body, sampleContext())) as string;
  await compileMjml(`${version.locale}.body`, sample);
  return [...new Set(fields)];
}

async function compileMjml(part: string, source: string): Promise<string> {
  let result: Awaited<ReturnType<typeof mjml2html>>;
  try {
    result = await mjml2html(source, { validationLevel: 'strict', keepComments: false });
  } catch (error) {
    throw new TemplateSyntaxError(part, error instanceof Error ? error.message : String(error));
  }
  const first = result.errors[0];
  if (first) throw new TemplateSyntaxError(part, `line ${first.line}: ${first.message}`);
  return result.html;
}

function sampleContext(): Record<string, unknown> {
  return {
    customer: { firstName: 'a', lastName: 'a', companyName: 'a', region: 'a' },
    campaign: { name: 'a' },
    unsubscribeUrl: 'https://example.invalid/u',
  };
}

export interface RenderInput {
  readonly version: TemplateVersion;
  /** Merge field → text used when the recipient has no value. */
  readonly fallbacks: Readonly<Partial<Record<MergeField, string>>>;
  readonly recipient: RecipientMergeData;
  readonly campaignName: string;
  readonly unsubscribeUrl: string;
}

export interface RenderedMessage {
  readonly subject: string;
  readonly html: string;
}

/**
 * Renders one recipient's message. A merge field the recipient cannot fill and the template has
 * no fallback for throws MergeFieldMissingError: that send is blocked and says why.
 */
export async function renderMessage(input: RenderInput): Promise<RenderedMessage> {
  const { version, fallbacks, recipient } = input;
  const used = [
    ...mergeFieldsOf(`${version.locale}.subject`, version.subject),
    ...mergeFieldsOf(`${version.locale}.body`, version.body),
  ];
  const customer: Record<string, string> = {};
  for (const field of used) {
    if (SYSTEM_MERGE_FIELDS.includes(field)) continue;
    const key = field.slice('customer.'.length) as keyof RecipientMergeData;
    const value = recipient[key]?.trim() || fallbacks[field];
    if (value === undefined) throw new MergeFieldMissingError(field);
    customer[key] = value;
  }
  const context = {
    customer,
    campaign: { name: input.campaignName },
    unsubscribeUrl: input.unsubscribeUrl,
  };
  const subject = (await subjectEngine.parseAndRender(version.subject, context)) as string;
  const source = (await bodyEngine.parseAndRender(version.body, context)) as string;
  return { subject: subject.trim(), html: await compileMjml(`${version.locale}.body`, source) };
}
