// One parser per knowledge-base RPC: the generated proto request in, a typed article request out
// (or every field violation at once).
import type * as P from '@crm/contracts/service-desk-grpc';
import { ARTICLE_VISIBILITIES, SERVICE_DESK_LIMITS } from '@crm/service-desk-domain';
import type { ArticleRequest } from '../application/knowledge-base.application';
import { parseRequest, type RequestReader } from './request-reader';

function articleAndLocale(r: RequestReader, req: { articleId: string; locale: string }) {
  return {
    articleId: r.requiredId('articleId', req.articleId),
    locale: r.locale('locale', req.locale),
  };
}

export function parseWriteArticleVersion(
  req: P.WriteArticleVersionRequest__Output,
  newArticleId: () => string,
): ArticleRequest {
  const fields = parseRequest((r) => ({
    articleId: r.id('articleId', req.articleId),
    locale: r.locale('locale', req.locale),
    title: r.requiredText('title', req.title, SERVICE_DESK_LIMITS.articleTitle),
    body: r.requiredText('body', req.body, SERVICE_DESK_LIMITS.articleBody),
    tags: r.tags('tags', req.tags),
    visibility: r.enumValue(
      'visibility',
      req.visibility,
      'ARTICLE_VISIBILITY_',
      ARTICLE_VISIBILITIES,
    ),
  }));
  const articleId = fields.articleId ?? newArticleId();
  return {
    rpc: 'WriteArticleVersion',
    fields,
    articleId,
    ...(fields.articleId === undefined && { createdId: articleId }),
    build: (at) => ({ type: 'WriteArticleVersion', data: { ...fields, articleId, at } }),
  };
}

export function parsePublishArticle(req: P.ArticleLocaleRequest__Output): ArticleRequest {
  const fields = parseRequest((r) => articleAndLocale(r, req));
  return {
    rpc: 'PublishArticle',
    fields,
    articleId: fields.articleId,
    build: (at) => ({ type: 'PublishArticle', data: { ...fields, at } }),
  };
}

export function parseRetireArticle(req: P.RetireArticleRequest__Output): ArticleRequest {
  const fields = parseRequest((r) => ({
    ...articleAndLocale(r, req),
    reason: r.requiredText('reason', req.reason, SERVICE_DESK_LIMITS.reason),
  }));
  return {
    rpc: 'RetireArticle',
    fields,
    articleId: fields.articleId,
    build: (at) => ({ type: 'RetireArticle', data: { ...fields, at } }),
  };
}

export function parseRecordArticleDeflection(
  req: P.RecordArticleDeflectionRequest__Output,
): ArticleRequest {
  const fields = parseRequest((r) => ({
    ...articleAndLocale(r, req),
    ticketId: r.id('ticketId', req.ticketId),
  }));
  const { ticketId, ...rest } = fields;
  return {
    rpc: 'RecordArticleDeflection',
    fields,
    articleId: fields.articleId,
    build: (at) => ({
      type: 'RecordArticleDeflection',
      data: { ...rest, at, ...(ticketId !== undefined && { ticketId }) },
    }),
  };
}
