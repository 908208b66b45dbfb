// ROI: the revenue of recorded orders credited to campaigns and journeys under the attribution
// model, window and engagement chosen here (nothing is rewritten: another choice re-attributes the
// same past revenue), with the cost and ROI per campaign or journey and per channel, and what no
// touch explains. Marketers and admins record a cost; it counts at once (the report reads the log).
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BarChart } from '../app/BarChart';
import { FormDialog } from '../app/FormDialog';
import { MoneyFields } from '../app/MoneyFields';
import { graphql } from '../graphql/generated';
import type { AttributionModel, MinimumEngagement } from '../graphql/generated/graphql';
import { roiPercent } from './journey-view';

// The figures of a row, per campaign or journey and per channel alike.
graphql(`
  fragment ConsoleAttributionFigures on AttributionRow {
    channel
    currency
    orders
    revenue
    cost
    roi
  }
`);

const Attribution = graphql(`
  query ConsoleAttribution(
    $model: AttributionModel
    $windowDays: Int
    $minimumEngagement: MinimumEngagement
  ) {
    attributionReport(
      model: $model
      windowDays: $windowDays
      minimumEngagement: $minimumEngagement
    ) {
      model
      windowDays
      bySource {
        sourceKind
        sourceId
        ...ConsoleAttributionFigures
      }
      byChannel {
        ...ConsoleAttributionFigures
      }
      unattributed {
        amount
        currency
      }
    }
  }
`);

const RecordCost = graphql(`
  mutation ConsoleRecordMarketingCost($input: RecordMarketingCostInput!) {
    recordMarketingCost(input: $input) {
      position
    }
  }
`);

const MODELS: AttributionModel[] = ['LAST_TOUCH', 'FIRST_TOUCH', 'LINEAR'];
const ENGAGEMENTS: MinimumEngagement[] = ['SENT', 'OPENED', 'CLICKED'];

/** A campaign or journey the user can name (ids otherwise). */
export interface Source {
  readonly kind: 'campaign' | 'journey';
  readonly id: string;
  readonly name: string;
}

interface CostForm {
  source: string;
  amount: string;
  currency: string;
  channel?: string;
  note?: string;
}

function RecordCostButton(props: {
  sources: readonly Source[];
  onRecorded: () => void;
}): React.ReactElement {
  const { t } = useTranslation();
  const [record] = useMutation(RecordCost);
  const save = async (values: CostForm, idempotencyKey: string) => {
    const [sourceKind = '', sourceId = ''] = values.source.split('|');
    const input = {
      sourceKind,
      sourceId,
      amount: values.amount.trim(),
      currency: values.currency.trim().toUpperCase(),
      channel: values.channel?.trim() || null,
      note: values.note?.trim() || null,
      idempotencyKey,
    };
    return (await record({ variables: { input } })).data?.recordMarketingCost.position;
  };
  return (
    <FormDialog<CostForm>
      label={t('roi.recordCost')}
      button={{ type: 'primary' }}
      initialValues={{ currency: 'EUR', channel: 'email' }}
      save={save}
      onSaved={props.onRecorded}
    >
      {(errorAt) => (
        <>
          <Form.Item
            name="source"
            label={t('roi.source')}
            rules={[{ required: true }]}
            {...errorAt('sourceId')}
          >
            <Select
              showSearch
              optionFilterProp="label"
              options={props.sources.map((s) => ({
                value: `${s.kind}|${s.id}`,
                label: `${s.name} (${s.kind})`,
              }))}
            />
          </Form.Item>
          <MoneyFields amountLabel={t('roi.cost')} errorAt={errorAt} />
          <Form.Item name="channel" label={t('roi.channel')} {...errorAt('channel')}>
            <Input style={{ maxWidth: 200 }} />
          </Form.Item>
          <Form.Item name="note" label={t('forecastCall.note')} {...errorAt('note')}>
            <Input />
          </Form.Item>
        </>
      )}
    </FormDialog>
  );
}

export function RoiTab(props: {
  sources: readonly Source[];
  mayRecordCost: boolean;
}): React.ReactElement {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [model, setModel] = useState<AttributionModel>('LAST_TOUCH');
  const [windowDays, setWindowDays] = useState(30);
  const [minimumEngagement, setEngagement] = useState<MinimumEngagement>('SENT');
  const { data, loading, error, refetch } = useQuery(Attribution, {
    variables: { model, windowDays, minimumEngagement },
  });
  const report = data?.attributionReport;
  const nameOf = (kind: string | null | undefined, id: string | null | undefined) =>
    props.sources.find((s) => s.kind === kind && s.id === id)?.name ?? id ?? '—';
  const money = (amount: string, currency: string) => `${amount} ${currency}`;
  const amountColumns = [
    { title: t('roi.channel'), dataIndex: 'channel' },
    { title: t('roi.orders'), dataIndex: 'orders', align: 'right' as const },
    {
      title: t('roi.revenue'),
      key: 'revenue',
      align: 'right' as const,
      render: (_: unknown, r: { revenue: string; currency: string }) =>
        money(r.revenue, r.currency),
    },
    {
      title: t('roi.cost'),
      key: 'cost',
      align: 'right' as const,
      render: (_: unknown, r: { cost: string; currency: string }) => money(r.cost, r.currency),
    },
    {
      title: t('roi.roi'),
      dataIndex: 'roi',
      align: 'right' as const,
      render: (roi: number | null) => (
        <Typography.Text type={roi !== null && roi < 0 ? 'danger' : undefined}>
          {roiPercent(roi)}
        </Typography.Text>
      ),
    },
  ];
  const withRoi = (report?.bySource ?? []).filter((r) => r.roi !== null);

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Space wrap>
        <Select
          aria-label={t('roi.model')}
          value={model}
          onChange={setModel}
          options={MODELS.map((m) => ({ value: m, label: t(`roi.models.${m}`) }))}
          style={{ width: 180 }}
        />
        <InputNumber
          aria-label={t('roi.windowDays')}
          addonAfter={t('roi.days')}
          min={1}
          max={90}
          precision={0}
          value={windowDays}
          onChange={(v) => v !== null && setWindowDays(v)}
          style={{ width: 150 }}
        />
        <Select
          aria-label={t('roi.engagement')}
          value={minimumEngagement}
          onChange={setEngagement}
          options={ENGAGEMENTS.map((e) => ({ value: e, label: t(`roi.engagements.${e}`) }))}
          style={{ width: 180 }}
        />
        {props.mayRecordCost && (
          <RecordCostButton
            sources={props.sources}
            onRecorded={() => {
              void refetch().then(() => message.success(t('common.saved')));
            }}
          />
        )}
      </Space>
      {error && <Alert type="error" message={error.message} />}
      {withRoi.length > 0 && (
        <BarChart
          label={t('roi.chart')}
          style={{ height: Math.max(160, withRoi.length * 36) }}
          option={{
            grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
            tooltip: {},
            xAxis: { type: 'value', axisLabel: { formatter: '{value} %' } },
            yAxis: {
              type: 'category',
              inverse: true,
              data: withRoi.map((r) => `${nameOf(r.sourceKind, r.sourceId)} (${r.currency})`),
            },
            series: [{ type: 'bar', data: withRoi.map((r) => Math.round((r.roi ?? 0) * 100)) }],
          }}
        />
      )}
      <Typography.Title level={5}>{t('roi.bySource')}</Typography.Title>
      <Table
        data-testid="roi-by-source"
        size="small"
        loading={loading}
        rowKey={(r) => `${r.sourceKind}/${r.sourceId}/${r.channel}/${r.currency}`}
        dataSource={report?.bySource ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          {
            title: t('roi.source'),
            key: 'source',
            render: (_: unknown, r) => (
              <Space>
                {nameOf(r.sourceKind, r.sourceId)}
                <Tag>{r.sourceKind}</Tag>
              </Space>
            ),
          },
          ...amountColumns,
        ]}
      />
      <Typography.Title level={5}>{t('roi.byChannel')}</Typography.Title>
      <Table
        data-testid="roi-by-channel"
        size="small"
        loading={loading}
        rowKey={(r) => `${r.channel}/${r.currency}`}
        dataSource={report?.byChannel ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        columns={amountColumns}
      />
      {report && report.unattributed.length > 0 && (
        <Typography.Text type="secondary">
          {t('roi.unattributed', {
            amounts: report.unattributed.map((u) => money(u.amount, u.currency)).join(', '),
          })}
        </Typography.Text>
      )}
    </Space>
  );
}
