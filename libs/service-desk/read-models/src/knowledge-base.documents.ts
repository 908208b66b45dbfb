// The knowledge-base read model in MongoDB: one document per article and locale with its latest
// draft, the published version (what search and suggestions use) and the deflections it earned.
// Written by services/projections/src/service-desk/knowledge-base.projection.ts, read by
// knowledge-base.queries.ts.

export const KNOWLEDGE_BASE_PROJECTION = 'service-desk-knowledge-base';
export const KNOWLEDGE_BASE_MODEL = 'service_desk_articles';

export interface ArticleVersionContent {
  readonly version: number;
  readonly title: string;
  readonly body: string;
  readonly tags: readonly string[];
  readonly visibility: string;
}

export interface ArticleDocument {
  /** `<tenantId>:<articleId>:<locale>`: article ids are chosen by clients, per tenant. */
  readonly _id: string;
  readonly tenantId: string;
  readonly articleId: string;
  readonly locale: string;
  /** draft (never published), published, retired. */
  readonly status: string;
  readonly draft: ArticleVersionContent;
  readonly published?: ArticleVersionContent & { readonly publishedAt: string };
  readonly deflections?: number;
  /** Automatic replies that carried it (AutoReplySent). */
  readonly autoReplies?: number;
  readonly updatedAt: string;
}

export function articleDocumentId(tenantId: string, articleId: string, locale: string): string {
  return `${tenantId}:${articleId}:${locale}`;
}
