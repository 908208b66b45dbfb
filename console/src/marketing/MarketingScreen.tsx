// Marketing: the segment builder with its live count, the templates rendered for a customer
// (preview), the campaigns with their delivery counts, the journeys with their funnels, and ROI.
import { useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignedIn } from '../auth/session-context';
import type { TemplateLocale } from '../graphql/generated/graphql';
import { CampaignWizard } from './CampaignWizard';
import { Journeys, JourneysTab } from './JourneysTab';
import { RoiTab, type Source } from './RoiTab';
import { PreviewFrame, PreviewMessage, useOverview, type Data } from './marketing-data';
import { SegmentBuilder } from './SegmentBuilder';

function TemplatePreview(props: { templates: Data['marketingTemplates'] }): React.ReactElement {
  const { t } = useTranslation();
  const [templateId, setTemplateId] = useState<string>();
  const [locale, setLocale] = useState<TemplateLocale>('EN');
  const [customerId, setCustomerId] = useState('');
  const ready = templateId !== undefined && customerId !== '';
  const { data, loading, error } = useQuery(PreviewMessage, {
    variables: { templateId: templateId ?? '', customerId, locale },
    skip: !ready,
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          aria-label={t('marketing.template')}
          placeholder={t('marketing.template')}
          value={templateId}
          onChange={setTemplateId}
          options={props.templates.map((tpl) => ({ value: tpl.templateId, label: tpl.name }))}
          style={{ width: 240 }}
        />
        <Select
          aria-label={t('marketing.locale')}
          value={locale}
          onChange={setLocale}
          options={[
            { value: 'EN', label: 'English' },
            { value: 'ZH_CN', label: '简体中文' },
          ]}
          style={{ width: 140 }}
        />
        <Input.Search
          aria-label={t('marketing.customerId')}
          placeholder={t('marketing.customerId')}
          enterButton={t('marketing.preview')}
          onSearch={(id) => setCustomerId(id.trim())}
          style={{ width: 360, maxWidth: '100%' }}
          loading={loading}
        />
      </Space>
      {error && <Alert type="error" message={error.message} />}
      {data && <PreviewFrame preview={data.previewMessage} />}
    </Space>
  );
}

function Campaigns(props: { data: Data }): React.ReactElement {
  const { t, i18n } = useTranslation();
  const segmentName = new Map(props.data.marketingSegments.map((s) => [s.segmentId, s.name]));
  return (
    <Table
      rowKey="campaignId"
      dataSource={props.data.marketingCampaigns}
      scroll={{ x: true }}
      locale={{ emptyText: t('common.empty') }}
      columns={[
        { title: t('marketing.name'), dataIndex: 'name' },
        {
          title: t('marketing.status'),
          dataIndex: 'status',
          render: (s: string) => <Tag>{s}</Tag>,
        },
        {
          title: t('marketing.segment'),
          dataIndex: 'segmentId',
          responsive: ['md'],
          render: (id: string) => segmentName.get(id) ?? id,
        },
        {
          title: t('marketing.audience'),
          dataIndex: 'audienceSize',
          render: (n: number | null) => n ?? '—',
        },
        { title: t('marketing.sent'), dataIndex: 'sentCount' },
        { title: t('marketing.skipped'), dataIndex: 'skippedCount' },
        {
          title: t('marketing.sendAt'),
          dataIndex: 'sendAt',
          responsive: ['lg'],
          render: (at: string | null) => (at ? new Date(at).toLocaleString(i18n.language) : '—'),
        },
      ]}
    />
  );
}

export function MarketingScreen(): React.ReactElement {
  const { t } = useTranslation();
  const session = useSignedIn();
  const mayDefine = session.user.roles.some((r) => r === 'ADMIN' || r === 'MARKETER');
  const { data, error, refetch } = useOverview();
  const journeys = useQuery(Journeys);
  const sources: Source[] = [
    ...(data?.marketingCampaigns ?? []).map((c) => ({
      kind: 'campaign' as const,
      id: c.campaignId,
      name: c.name,
    })),
    ...(journeys.data?.marketingJourneys ?? []).map((j) => ({
      kind: 'journey' as const,
      id: j.journeyId,
      name: j.name,
    })),
  ];
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('marketing.title')}
        </Typography.Title>
      }
      extra={<Button onClick={() => void refetch()}>{t('common.refresh')}</Button>}
    >
      {error && <Alert type="error" message={error.message} />}
      <Tabs
        items={[
          {
            key: 'segments',
            label: t('marketing.segments'),
            children: (
              <>
                <SegmentBuilder mayDefine={mayDefine} />
                <Table
                  style={{ marginTop: 16 }}
                  rowKey="segmentId"
                  size="small"
                  dataSource={data?.marketingSegments ?? []}
                  scroll={{ x: true }}
                  locale={{ emptyText: t('common.empty') }}
                  columns={[
                    { title: t('marketing.name'), dataIndex: 'name' },
                    {
                      title: t('marketing.rule'),
                      dataIndex: 'ruleJson',
                      responsive: ['md'],
                      render: (r: string) => <Typography.Text code>{r}</Typography.Text>,
                    },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'templates',
            label: t('marketing.templates'),
            children: <TemplatePreview templates={data?.marketingTemplates ?? []} />,
          },
          {
            key: 'campaigns',
            label: t('marketing.campaigns'),
            children: data ? (
              <>
                {mayDefine && (
                  <CampaignWizard
                    data={data}
                    onDone={(position) => void refetch({ atLeastPosition: position })}
                  />
                )}
                <Campaigns data={data} />
              </>
            ) : null,
          },
          { key: 'journeys', label: t('journeys.title'), children: <JourneysTab /> },
          {
            key: 'roi',
            label: t('roi.title'),
            children: <RoiTab sources={sources} mayRecordCost={mayDefine} />,
          },
        ]}
      />
    </Card>
  );
}
