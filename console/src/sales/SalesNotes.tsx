// The internal notes about one sales record (lead, opportunity or quote; ADR 0384), oldest first:
// the sales team that sees the record reads them; sellers add one (the gateway's error shows at
// the text field); its author, or a manager or admin, removes it. Each change is read back at its
// position, so the list holds it at once.
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Card, Form, Input, List, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldStatus, formErrorsOf } from '../app/field-errors';
import { useSignedIn } from '../auth/session-context';
import { graphql } from '../graphql/generated';
import type { SalesNoteSubjectKind } from '../graphql/generated/graphql';
import { mayRemoveNote, maySell } from '../navigation/screens';

const Notes = graphql(`
  query ConsoleSalesNotes(
    $aboutKind: SalesNoteSubjectKind!
    $aboutId: ID!
    $atLeastPosition: String
  ) {
    salesNotes(aboutKind: $aboutKind, aboutId: $aboutId, atLeastPosition: $atLeastPosition) {
      noteId
      text
      authorId
      addedAt
    }
  }
`);

const AddNote = graphql(`
  mutation ConsoleAddSalesNote($input: AddSalesNoteInput!) {
    addSalesNote(input: $input) {
      position
    }
  }
`);

const RemoveNote = graphql(`
  mutation ConsoleRemoveSalesNote($input: RemoveSalesNoteInput!) {
    removeSalesNote(input: $input) {
      position
    }
  }
`);

export function SalesNotes(props: {
  aboutKind: SalesNoteSubjectKind;
  aboutId: string;
}): React.ReactElement {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const session = useSignedIn();
  const { aboutKind, aboutId } = props;
  const { data, loading, error, refetch } = useQuery(Notes, { variables: { aboutKind, aboutId } });
  const [add, adding] = useMutation(AddNote);
  const [remove] = useMutation(RemoveNote);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // A retried add reuses its key until it succeeds: a note is never written twice.
  const [attempt, setAttempt] = useState(() => crypto.randomUUID());
  const [form] = Form.useForm<{ text: string }>();
  const readBack = (position: string) => refetch({ aboutKind, aboutId, atLeastPosition: position });

  const addNote = async ({ text }: { text: string }) => {
    setErrors({});
    try {
      const input = { aboutKind, aboutId, text, idempotencyKey: `console-note-${attempt}` };
      const result = await add({ variables: { input } });
      setAttempt(crypto.randomUUID());
      form.resetFields();
      if (result.data) await readBack(result.data.addSalesNote.position);
    } catch (e) {
      setErrors(formErrorsOf(e));
    }
  };
  const removeNote = async (noteId: string) => {
    try {
      const result = await remove({ variables: { input: { noteId } } });
      if (result.data) await readBack(result.data.removeSalesNote.position);
      void message.success(t('salesRecords.noteRemoved'));
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <Card title={t('salesRecords.notes')} data-testid="sales-notes">
      {error && <Alert type="error" message={error.message} />}
      <List
        loading={loading}
        dataSource={data?.salesNotes ?? []}
        locale={{ emptyText: t('salesRecords.noNotes') }}
        renderItem={(note) => (
          <List.Item
            data-testid="sales-note"
            actions={
              mayRemoveNote(session.user, note.authorId)
                ? [
                    <Popconfirm
                      key="remove"
                      title={t('salesRecords.removeNoteConfirm')}
                      okText={t('salesRecords.removeNote')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => void removeNote(note.noteId)}
                    >
                      <Button size="small" danger>
                        {t('salesRecords.removeNote')}
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{note.text}</Typography.Text>
              }
              description={t('salesRecords.noteBy', {
                author: note.authorId === session.user.id ? t('opportunity.me') : note.authorId,
                at: new Date(note.addedAt).toLocaleString(i18n.language),
              })}
            />
          </List.Item>
        )}
      />
      {maySell(session.user.roles) && (
        <Form form={form} layout="vertical" onFinish={(v) => void addNote(v)}>
          <Form.Item
            name="text"
            label={t('salesRecords.newNote')}
            rules={[{ required: true, whitespace: true }]}
            {...fieldStatus(errors, 'text')}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
          {errors[''] && <Typography.Text type="danger">{errors['']}</Typography.Text>}
          <Button htmlType="submit" loading={adding.loading}>
            {t('salesRecords.addNote')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
