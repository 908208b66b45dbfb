// GraphQL types of the knowledge base: articles per locale (draft and published versions,
// deflections), ranked matches, and the command inputs (mirroring proto/service-desk.proto; the
// service parses and validates them).
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { ArticleView } from '@crm/service-desk-read-models';
import { IdempotentCommandInput } from '../graphql/idempotent-command.input';

export enum ArticleVisibilityInput {
  INTERNAL = 'INTERNAL',
  PUBLIC = 'PUBLIC',
}
registerEnumType(ArticleVisibilityInput, {
  name: 'ArticleVisibilityInput',
  description: 'INTERNAL: agents only; PUBLIC: may also be sent to customers.',
});

@ObjectType({ description: 'One version of an article in one locale.' })
export class ArticleVersion {
  @Field(() => Int) version!: number;
  @Field(() => String) title!: string;
  @Field(() => String) body!: string;
  @Field(() => [String]) tags!: string[];
  @Field(() => String, { description: 'internal or public.' }) visibility!: string;
}

@ObjectType({ description: 'A knowledge-base article in one locale.' })
export class Article {
  @Field(() => ID) articleId!: string;
  @Field(() => String) locale!: string;
  @Field(() => String, { description: 'draft, published or retired.' }) status!: string;
  @Field(() => ArticleVersion, { description: 'The latest version written.' })
  draft!: ArticleVersion;
  @Field(() => ArticleVersion, { nullable: true, description: 'What search and suggestions use.' })
  published!: ArticleVersion | null;
  @Field(() => String, { nullable: true }) publishedAt!: string | null;
  @Field(() => Int, { description: '"This article solved it", counted.' }) deflections!: number;
  @Field(() => Int, { description: 'Automatic replies to inbound mail that carried it.' })
  autoReplies!: number;
  @Field(() => String) updatedAt!: string;
}

@ObjectType({ description: 'A published article matching a query, with its relevance (BM25).' })
export class ArticleMatch {
  @Field(() => Article) article!: Article;
  @Field(() => Float) score!: number;
}

@InputType()
export class WriteArticleVersionInput extends IdempotentCommandInput {
  @Field(() => ID, { nullable: true, description: 'Empty: a new article (createdId).' })
  articleId?: string | null;
  @Field(() => String, { description: 'Language tag, e.g. en, fr, pt-BR.' }) locale!: string;
  @Field(() => String) title!: string;
  @Field(() => String) body!: string;
  @Field(() => [String], { defaultValue: [] }) tags!: string[];
  @Field(() => ArticleVisibilityInput, { defaultValue: ArticleVisibilityInput.INTERNAL })
  visibility!: ArticleVisibilityInput;
}

@ObjectType({
  description: 'Tickets answered by the automatic reply in a period, and those it solved alone.',
})
export class AutoReplyDeflection {
  @Field(() => String) from!: string;
  @Field(() => String) to!: string;
  @Field(() => Int) autoReplied!: number;
  @Field(() => Int, {
    description: "Resolved or closed without any agent's public reply.",
  })
  deflected!: number;
  @Field(() => Float, { nullable: true, description: 'deflected / autoReplied; null: none.' })
  rate!: number | null;
}

@InputType()
export class WriteArticleFromTicketInput extends IdempotentCommandInput {
  @Field(() => ID, { description: 'A ticket in your scope with at least one public reply.' })
  ticketId!: string;
  @Field(() => ID, { nullable: true, description: 'Empty: a new article (createdId).' })
  articleId?: string | null;
  @Field(() => String, { description: 'Language tag, e.g. en, fr, pt-BR.' }) locale!: string;
  @Field(() => String, { nullable: true, description: "Default: the ticket's subject." })
  title?: string | null;
}

@InputType()
export class ArticleLocaleInput extends IdempotentCommandInput {
  @Field(() => ID) articleId!: string;
  @Field(() => String) locale!: string;
}

@InputType()
export class RetireArticleInput extends ArticleLocaleInput {
  @Field(() => String) reason!: string;
}

@InputType()
export class RecordArticleDeflectionInput extends ArticleLocaleInput {
  @Field(() => ID, { nullable: true, description: 'The ticket the article answered.' })
  ticketId?: string | null;
}

/** The GraphQL article of a read-model view. */
export function articleOf(view: ArticleView): Article {
  const { published } = view;
  return {
    articleId: view.articleId,
    locale: view.locale,
    status: view.status,
    draft: { ...view.draft, tags: [...view.draft.tags] },
    published: published
      ? {
          version: published.version,
          title: published.title,
          body: published.body,
          tags: [...published.tags],
          visibility: published.visibility,
        }
      : null,
    publishedAt: published?.publishedAt ?? null,
    deflections: view.deflections ?? 0,
    autoReplies: view.autoReplies ?? 0,
    updatedAt: view.updatedAt,
  };
}
