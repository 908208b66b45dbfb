// The record-keeping side of the customer 360: possible duplicates with a merge into this
// customer, the personal-data export (GDPR Art. 15) and erasure (Art. 17). Each is offered only to
// the roles the gateway allows; after a write the 360 reads its own write at the returned position.
import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { App, Button, Card, Form, Input, List, Modal, Popconfirm, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { saveFile } from '../app/save-file';
import { useSignedIn } from '../auth/session-context';
import { graphql } from '../graphql/generated';
import { mayDoToCustomers } from '../navigation/screens';

const Duplicates = graphql(`
  query ConsoleDuplicates($id: ID!) {
    duplicateCandidates(customerId: $id, limit: 10) {
      customerId
      matchedOn
      score
    }
  }
`);

const CustomerName = graphql(`
  query ConsoleCustomerName($id: ID!) {
    customer(id: $id) {
      id
      displayName
      status
    }
  }
`);

const Merge = graphql(`
  mutation ConsoleMergeCustomers($input: MergeCustomersInput!) {
    mergeCustomers(input: $input) {
      position
    }
  }
`);

const ExportPersonalData = graphql(`
  query ConsoleExportPersonalData($id: ID!) {
    exportPersonalData(customerId: $id) {
      documentJson
      exportedAt
    }
  }
`);

const Erase = graphql(`
  mutation ConsoleErasePersonalData($input: ErasePersonalDataInput!) {
    erasePersonalData(input: $input) {
      position
    }
  }
`);

function CandidateName(props: { id: string }): React.ReactElement {
  const { data } = useQuery(CustomerName, { variables: { id: props.id } });
  return (
    <Link to={`/customers/${props.id}`}>{data?.customer.displayName ?? props.id.slice(0, 8)}</Link>
  );
}

export function CustomerRecordActions(props: {
  customerId: string;
  /** Reads the 360 again at a write's position. */
  readOwnWrite: (position: string) => Promise<void>;
}): React.ReactElement | null {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useApolloClient();
  const { roles } = useSignedIn().user;
  const { customerId: id } = props;
  const duplicates = useQuery(Duplicates, { variables: { id } });
  const [merge] = useMutation(Merge);
  const [erase, erasing] = useMutation(Erase);
  const [erasureOpen, setErasureOpen] = useState(false);
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [form] = Form.useForm<{ reason: string }>();
  const failed = (e: unknown) => void message.error(e instanceof Error ? e.message : String(e));

  const mergeIntoThis = async (mergedCustomerId: string) => {
    try {
      const result = await merge({
        variables: {
          input: {
            survivorCustomerId: id,
            mergedCustomerId,
            reason: 'console: duplicate',
            idempotencyKey: `console-merge-${id}-${mergedCustomerId}`,
          },
        },
      });
      if (!result.data) return;
      await props.readOwnWrite(result.data.mergeCustomers.position);
      await duplicates.refetch();
      void message.success(t('customer.merged'));
    } catch (e) {
      failed(e);
    }
  };

  const exportData = async () => {
    try {
      const { data } = await client.query({
        query: ExportPersonalData,
        variables: { id },
        fetchPolicy: 'network-only',
      });
      if (data)
        saveFile(data.exportPersonalData.documentJson, 'application/json', `customer-${id}.json`);
    } catch (e) {
      failed(e);
    }
  };

  const eraseData = async ({ reason }: { reason: string }) => {
    setReasonError(undefined);
    try {
      const result = await erase({
        variables: { input: { customerId: id, reason, idempotencyKey: `console-erase-${id}` } },
      });
      if (!result.data) return;
      setErasureOpen(false);
      await props.readOwnWrite(result.data.erasePersonalData.position);
      void message.success(t('customer.erased'));
    } catch (e) {
      setReasonError(e instanceof Error ? e.message : String(e));
    }
  };

  const candidates = duplicates.data?.duplicateCandidates ?? [];
  const mayMerge = mayDoToCustomers(roles, 'merge');
  const mayExport = mayDoToCustomers(roles, 'export');
  const mayErase = mayDoToCustomers(roles, 'erase');
  return (
    <>
      <Card
        title={t('customer.duplicates')}
        size="small"
        data-testid="customer-duplicates"
        style={{ marginBottom: 16 }}
      >
        <List
          size="small"
          loading={duplicates.loading}
          dataSource={candidates}
          locale={{ emptyText: t('customer.noDuplicates') }}
          renderItem={(c) => (
            <List.Item
              data-testid="duplicate-candidate"
              extra={
                mayMerge && (
                  <Popconfirm
                    title={t('customer.mergeConfirm')}
                    okText={t('customer.merge')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => void mergeIntoThis(c.customerId)}
                  >
                    <Button size="small">{t('customer.merge')}</Button>
                  </Popconfirm>
                )
              }
            >
              <Space wrap>
                <CandidateName id={c.customerId} />
                {c.matchedOn.map((m) => (
                  <Tag key={m}>{m}</Tag>
                ))}
              </Space>
            </List.Item>
          )}
        />
        <Modal
          open={erasureOpen}
          title={t('customer.erase')}
          okText={t('customer.erase')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          confirmLoading={erasing.loading}
          onOk={() => form.submit()}
          onCancel={() => setErasureOpen(false)}
        >
          <p>{t('customer.eraseWarning')}</p>
          <Form form={form} layout="vertical" onFinish={(v) => void eraseData(v)}>
            <Form.Item
              name="reason"
              label={t('customer.eraseReason')}
              rules={[{ required: true, whitespace: true }]}
              validateStatus={reasonError ? 'error' : undefined}
              help={reasonError}
            >
              <Input />
            </Form.Item>
          </Form>
        </Modal>
      </Card>
      {(mayExport || mayErase) && (
        <Card title={t('customer.personalData')} size="small" data-testid="customer-personal-data">
          <Space wrap>
            {mayExport && <Button onClick={() => void exportData()}>{t('customer.export')}</Button>}
            {mayErase && (
              <Button danger onClick={() => setErasureOpen(true)}>
                {t('customer.erase')}
              </Button>
            )}
          </Space>
        </Card>
      )}
    </>
  );
}
