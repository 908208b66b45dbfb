// Writes a knowledge-base article: a new one, or the next version of one (title, body, tags,
// visibility, in one locale). Service leads and admins then publish the draft; agents write
// drafts only, as the service desk allows.
import { useMutation } from '@apollo/client/react';
import { Button, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldStatus, formErrorsOf } from '../app/field-errors';
import { graphql } from '../graphql/generated';

const WriteArticle = graphql(`
  mutation ConsoleWriteArticleVersion($input: WriteArticleVersionInput!) {
    writeArticleVersion(input: $input) {
      position
    }
  }
`);

const PublishArticle = graphql(`
  mutation ConsolePublishArticle($input: ArticleLocaleInput!) {
    publishArticle(input: $input) {
      position
    }
  }
`);

export interface ArticleDraft {
  articleId?: string;
  locale: string;
  title: string;
  body: string;
  tags: readonly string[];
  visibility: 'INTERNAL' | 'PUBLIC';
}

/** The editor's dialog; `article` null is closed, without an id a new article is written. */
export function ArticleEditor(props: {
  article: ArticleDraft | null;
  onClose: () => void;
  onSaved: (position: string) => void;
}): React.ReactElement {
  const { t } = useTranslation();
  const [form] = Form.useForm<ArticleDraft>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [write, { loading }] = useMutation(WriteArticle);
  const { article } = props;
  useEffect(() => {
    setErrors({});
    if (article) form.setFieldsValue({ ...article, tags: [...article.tags] });
  }, [article, form]);

  const save = async (values: ArticleDraft) => {
    setErrors({});
    try {
      const result = await write({
        variables: {
          input: {
            articleId: article?.articleId,
            locale: values.locale,
            title: values.title,
            body: values.body,
            tags: [...values.tags],
            visibility: values.visibility,
          },
        },
      });
      if (result.data) props.onSaved(result.data.writeArticleVersion.position);
    } catch (e) {
      setErrors(formErrorsOf(e));
    }
  };
  const errorAt = (name: string) => fieldStatus(errors, name);

  return (
    <Modal
      open={article !== null}
      width={720}
      title={article?.articleId ? t('knowledge.editArticle') : t('knowledge.newArticle')}
      okText={t('knowledge.saveDraft')}
      cancelText={t('common.cancel')}
      confirmLoading={loading}
      onOk={() => form.submit()}
      onCancel={props.onClose}
    >
      <Form<ArticleDraft> form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item
          name="title"
          label={t('knowledge.articleTitle')}
          rules={[{ required: true, whitespace: true }]}
          {...errorAt('title')}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('knowledge.body')}
          rules={[{ required: true, whitespace: true }]}
          {...errorAt('body')}
        >
          <Input.TextArea rows={8} />
        </Form.Item>
        <Form.Item name="tags" label={t('knowledge.tags')} {...errorAt('tags')}>
          <Select mode="tags" aria-label={t('knowledge.tags')} open={false} />
        </Form.Item>
        <Form.Item name="locale" label={t('knowledge.locale')} {...errorAt('locale')}>
          <Input disabled={Boolean(article?.articleId)} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="visibility" label={t('knowledge.visibility')}>
          <Radio.Group
            options={[
              { value: 'INTERNAL', label: t('knowledge.internal') },
              { value: 'PUBLIC', label: t('knowledge.public') },
            ]}
          />
        </Form.Item>
        {errors[''] && <Typography.Text type="danger">{errors['']}</Typography.Text>}
      </Form>
    </Modal>
  );
}

/** Publishes an article's draft in its locale (service leads and admins). */
export function PublishButton(props: {
  articleId: string;
  locale: string;
  onPublished: (position: string) => void;
  onFailed: (e: unknown) => void;
}): React.ReactElement {
  const { t } = useTranslation();
  const [publish, { loading }] = useMutation(PublishArticle);
  return (
    <Button
      size="small"
      loading={loading}
      onClick={() => {
        publish({ variables: { input: { articleId: props.articleId, locale: props.locale } } })
          .then((r) => r.data && props.onPublished(r.data.publishArticle.position))
          .catch(props.onFailed);
      }}
    >
      {t('knowledge.publish')}
    </Button>
  );
}
