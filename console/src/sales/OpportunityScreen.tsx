// One opportunity: its facts, its lines (the products it is priced by; its amount is their net
// sum once set), and its quotes with their approval. Sellers edit the lines and write, send or
// approve quotes here; every change is read back at its position (read-your-writes).
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { FormDialog } from '../app/FormDialog';
import { useSignedIn } from '../auth/session-context';
import { graphql } from '../graphql/generated';
import type { ConsoleOpportunityQuery } from '../graphql/generated/graphql';
import { maySell } from '../navigation/screens';
import { EMPTY_LINE, LineItemsField, lineInputOf, type LineItem } from './LineItemsField';
import { OpportunityQuotes } from './OpportunityQuotes';
import { SalesNotes } from './SalesNotes';

const Opportunity = graphql(`
  query ConsoleOpportunity($opportunityId: ID!, $atLeastPosition: String) {
    opportunity(opportunityId: $opportunityId, atLeastPosition: $atLeastPosition) {
      opportunityId
      name
      status
      stageId
      customerId
      amount
      recurringAmount
      currency
      probability
      probabilityOverridden
      forecastCategory
      expectedCloseOn
      ownerId
      openedAt
      closedAt
      lostReason
      lines {
        name
        sku
        category
        quantity
        unitPrice
        discountPercent
        recurring
        netAmount
      }
    }
  }
`);

const SetLines = graphql(`
  mutation ConsoleSetOpportunityLines($input: SetOpportunityLinesInput!) {
    setOpportunityLines(input: $input) {
      position
    }
  }
`);

type OpportunityData = ConsoleOpportunityQuery['opportunity'];

const money = (amount: string, currency: string, language: string) =>
  Number(amount).toLocaleString(language, { style: 'currency', currency });

/** The lines in a form; saved whole (`setOpportunityLines` replaces them), errors at their field. */
function EditLines(props: {
  opportunity: OpportunityData;
  onSaved: (position: string) => void;
}): React.ReactElement {
  const { t } = useTranslation();
  const [save] = useMutation(SetLines);
  const { opportunityId } = props.opportunity;
  const lines: LineItem[] = props.opportunity.lines.map((l) => ({ ...l, sku: l.sku ?? undefined }));
  return (
    <FormDialog<{ lines: LineItem[] }>
      label={t('opportunity.editLines')}
      width={960}
      initialValues={{ lines: lines.length > 0 ? lines : [EMPTY_LINE] }}
      save={async (values, idempotencyKey) => {
        const input = {
          opportunityId,
          lines: values.lines.map((l) => ({ ...lineInputOf(l), recurring: l.recurring === true })),
          idempotencyKey,
        };
        return (await save({ variables: { input } })).data?.setOpportunityLines.position;
      }}
      onSaved={props.onSaved}
    >
      {(errorAt) => <LineItemsField errorAt={errorAt} withProductFields />}
    </FormDialog>
  );
}

export function OpportunityScreen(): React.ReactElement {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const session = useSignedIn();
  const { opportunityId = '' } = useParams();
  const { data, loading, error, refetch } = useQuery(Opportunity, {
    variables: { opportunityId },
  });
  const o = data?.opportunity;
  if (error) return <Alert type="error" message={error.message} />;
  if (!o) return <Card loading={loading} />;
  const isOpen = o.status === 'open';
  const mayEdit = isOpen && maySell(session.user.roles);
  const owner =
    o.ownerId === session.user.id ? t('opportunity.me') : (o.ownerId ?? t('opportunity.nobody'));

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Link to="/pipeline">← {t('nav.pipeline')}</Link>
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="opportunity-name">
            {o.name}
          </Typography.Title>
        }
        extra={<Tag data-testid="opportunity-status">{o.status}</Tag>}
      >
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label={t('opportunity.amount')}>
            <span data-testid="opportunity-amount">
              {money(o.amount, o.currency, i18n.language)}
            </span>
          </Descriptions.Item>
          {o.recurringAmount ? (
            <Descriptions.Item label={t('opportunity.recurringAmount')}>
              {money(o.recurringAmount, o.currency, i18n.language)}
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('opportunity.stage')}>{o.stageId}</Descriptions.Item>
          <Descriptions.Item label={t('opportunity.probability')}>
            {o.probability} %{' '}
            {o.probabilityOverridden && <Tag color="gold">{t('opportunity.overridden')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('opportunity.category')}>
            {o.forecastCategory}
          </Descriptions.Item>
          <Descriptions.Item label={t('opportunity.closeOn')}>
            {o.expectedCloseOn}
          </Descriptions.Item>
          <Descriptions.Item label={t('opportunity.customer')}>
            <Link to={`/customers/${o.customerId}`}>{t('opportunity.openCustomer')}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('opportunity.owner')}>{owner}</Descriptions.Item>
          <Descriptions.Item label={t('opportunity.openedAt')}>
            {new Date(o.openedAt).toLocaleDateString(i18n.language)}
          </Descriptions.Item>
          {o.closedAt ? (
            <Descriptions.Item label={t('opportunity.closedAt')}>
              {new Date(o.closedAt).toLocaleDateString(i18n.language)}
            </Descriptions.Item>
          ) : null}
          {o.lostReason ? (
            <Descriptions.Item label={t('opportunity.lostReason')}>
              {o.lostReason}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      <Card
        title={t('opportunity.lines')}
        extra={
          mayEdit && (
            <EditLines
              opportunity={o}
              onSaved={(position) => {
                // The amount becomes the lines' net sum: shown once the read model holds it.
                void refetch({ opportunityId, atLeastPosition: position }).then(() =>
                  message.success(t('common.saved')),
                );
              }}
            />
          )
        }
      >
        <Table
          data-testid="opportunity-lines"
          rowKey={(l) => `${l.name}/${l.sku ?? ''}/${l.unitPrice}`}
          dataSource={o.lines}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: t('opportunity.noLines') }}
          columns={[
            { title: t('quotes.lineName'), dataIndex: 'name' },
            { title: t('opportunity.sku'), dataIndex: 'sku', responsive: ['md'] },
            { title: t('quotes.category'), dataIndex: 'category', responsive: ['md'] },
            { title: t('quotes.quantity'), dataIndex: 'quantity', align: 'right' },
            { title: t('quotes.unitPrice'), dataIndex: 'unitPrice', align: 'right' },
            {
              title: t('quotes.discount'),
              dataIndex: 'discountPercent',
              align: 'right',
              responsive: ['md'],
            },
            {
              title: t('opportunity.recurring'),
              dataIndex: 'recurring',
              responsive: ['md'],
              render: (r: boolean) => (r ? t('opportunity.yes') : '—'),
            },
            { title: t('opportunity.net'), dataIndex: 'netAmount', align: 'right' },
          ]}
        />
      </Card>
      <OpportunityQuotes
        opportunityId={o.opportunityId}
        mayWrite={mayEdit}
        lines={o.lines.map((l) => ({ ...l, sku: l.sku ?? undefined }))}
      />
      <SalesNotes aboutKind="OPPORTUNITY" aboutId={o.opportunityId} />
    </Space>
  );
}
