// Knowledge-base search (published articles ranked by relevance) in the user's language, and the
// article list by status when nothing is searched.
import { useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Collapse, Input, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignedIn } from '../auth/session-context';
import { graphql } from '../graphql/generated';
import { mayAnswerTickets, mayPublishArticles } from '../navigation/screens';
import { ArticleEditor, PublishButton, type ArticleDraft } from './ArticleEditor';

const Search = graphql(`
  query ConsoleSearchKnowledgeBase($query: String!) {
    searchKnowledgeBase(query: $query, limit: 20) {
      score
      article {
        articleId
        locale
        status
        deflections
        published {
          title
          body
          tags
        }
      }
    }
  }
`);

const Articles = graphql(`
  query ConsoleKnowledgeBaseArticles($status: String, $atLeastPosition: String) {
    knowledgeBaseArticles(status: $status, limit: 50, atLeastPosition: $atLeastPosition) {
      articleId
      locale
      status
      deflections
      updatedAt
      draft {
        title
        body
        tags
        visibility
      }
      published {
        title
        body
        tags
      }
    }
  }
`);

interface Shown {
  key: string;
  title: string;
  body: string;
  tags: readonly string[];
  extra: React.ReactNode;
  /** Buttons in the opened article (a button in the header would nest in its toggle). */
  actions?: React.ReactNode;
}

function ArticleList(props: { items: Shown[] }): React.ReactElement {
  const { t } = useTranslation();
  if (props.items.length === 0) return <Typography.Text>{t('common.empty')}</Typography.Text>;
  return (
    <Collapse
      data-testid="articles"
      items={props.items.map((a) => ({
        key: a.key,
        label: a.title,
        extra: a.extra,
        children: (
          <>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{a.body}</Typography.Paragraph>
            <Space wrap>
              {a.tags.map((tag) => (
                <Tag key={tag}>{tag}</Tag>
              ))}
              {a.actions}
            </Space>
          </>
        ),
      }))}
    />
  );
}

export function KnowledgeScreen(): React.ReactElement {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { roles } = useSignedIn().user;
  const mayWrite = mayAnswerTickets(roles);
  const mayPublish = mayPublishArticles(roles);
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState('published');
  const [editing, setEditing] = useState<ArticleDraft | null>(null);
  const search = useQuery(Search, { variables: { query }, skip: query === '' });
  // After a write the list is read at its position: a saved draft shows among the drafts at once.
  const [atLeastPosition, setAtLeastPosition] = useState<string | undefined>();
  const list = useQuery(Articles, {
    variables: { status, atLeastPosition },
    skip: query !== '',
  });
  const showAt = (nextStatus: string, position: string) => {
    setStatus(nextStatus);
    setAtLeastPosition(position);
  };
  const failed = (e: unknown) => void message.error(e instanceof Error ? e.message : String(e));
  const items: Shown[] =
    query !== ''
      ? (search.data?.searchKnowledgeBase ?? []).map(({ article, score }) => ({
          key: `${article.articleId}/${article.locale}`,
          title: article.published?.title ?? article.articleId,
          body: article.published?.body ?? '',
          tags: article.published?.tags ?? [],
          extra: <Tag>{t('knowledge.score', { score: score.toFixed(2) })}</Tag>,
        }))
      : (list.data?.knowledgeBaseArticles ?? []).map((article) => {
          const version = article.published ?? article.draft;
          return {
            key: `${article.articleId}/${article.locale}`,
            title: version.title,
            body: version.body,
            tags: version.tags,
            extra: (
              <Space>
                <Tag>{article.locale}</Tag>
                <Tag>{t('knowledge.deflections', { count: article.deflections })}</Tag>
              </Space>
            ),
            actions: (
              <Space>
                {mayWrite && (
                  <Button
                    size="small"
                    onClick={() => {
                      setEditing({
                        articleId: article.articleId,
                        locale: article.locale,
                        ...article.draft,
                        visibility: article.draft.visibility === 'public' ? 'PUBLIC' : 'INTERNAL',
                      });
                    }}
                  >
                    {t('common.edit')}
                  </Button>
                )}
                {mayPublish && article.status === 'draft' && (
                  <PublishButton
                    articleId={article.articleId}
                    locale={article.locale}
                    onPublished={(position) => showAt('published', position)}
                    onFailed={failed}
                  />
                )}
              </Space>
            ),
          };
        });
  const error = search.error ?? list.error;
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('knowledge.title')}
        </Typography.Title>
      }
      extra={
        mayWrite && (
          <Button
            type="primary"
            onClick={() =>
              setEditing({
                locale: i18n.language === 'zh-CN' ? 'zh-CN' : 'en',
                title: '',
                body: '',
                tags: [],
                visibility: 'INTERNAL',
              })
            }
          >
            {t('knowledge.newArticle')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          aria-label={t('knowledge.search')}
          placeholder={t('knowledge.search')}
          allowClear
          enterButton={t('common.search')}
          onSearch={(q) => setQuery(q.trim())}
          style={{ width: 360, maxWidth: '100%' }}
        />
        {query === '' && (
          <Select
            aria-label={t('knowledge.status')}
            value={status}
            onChange={setStatus}
            options={['draft', 'published', 'retired'].map((s) => ({ value: s, label: s }))}
            style={{ width: 160 }}
          />
        )}
      </Space>
      {error && <Alert type="error" message={error.message} />}
      <ArticleList items={items} />
      <ArticleEditor
        article={editing}
        onClose={() => setEditing(null)}
        onSaved={(position) => {
          setEditing(null);
          setQuery('');
          showAt('draft', position);
        }}
      />
    </Card>
  );
}
