// The journey view: the tenant's journeys, and for the one chosen its trigger and steps (newest
// version) and the funnel of each version: entered, through each step (sent or skipped, condition
// held or not), completed, converted, still active. Counts only, no customer.
import { useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Descriptions, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BarChart } from '../app/BarChart';
import { graphql } from '../graphql/generated';
import { funnelBars, journeyDefinitionView } from './journey-view';

export const Journeys = graphql(`
  query ConsoleMarketingJourneys {
    marketingJourneys {
      journeyId
      name
      versions {
        version
        publishedAt
        definitionJson
      }
    }
  }
`);

const Funnel = graphql(`
  query ConsoleJourneyFunnel($journeyId: ID!, $stepOrder: [ID!]) {
    journeyFunnel(journeyId: $journeyId, stepOrder: $stepOrder) {
      version
      entered
      active
      completed
      converted
      steps {
        stepId
        passed
        sent
        skipped
        conditionHeld
        conditionNotHeld
      }
    }
  }
`);

function JourneyFunnels(props: { journeyId: string; stepOrder: string[] }): React.ReactElement {
  const { t } = useTranslation();
  const { data, loading, error, refetch } = useQuery(Funnel, {
    variables: { journeyId: props.journeyId, stepOrder: props.stepOrder },
  });
  const labels = {
    entered: t('journeys.entered'),
    completed: t('journeys.completed'),
    converted: t('journeys.converted'),
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button onClick={() => void refetch()}>{t('common.refresh')}</Button>
      {error && <Alert type="error" message={error.message} />}
      {!loading && data?.journeyFunnel.length === 0 && (
        <Typography.Text type="secondary">{t('journeys.noneEntered')}</Typography.Text>
      )}
      {data?.journeyFunnel.map((funnel) => {
        const bars = funnelBars(funnel, labels);
        return (
          <Card
            key={funnel.version}
            size="small"
            title={t('journeys.version', { version: funnel.version })}
            data-testid={`journey-funnel-${funnel.version}`}
            extra={
              <Space wrap>
                <Tag>{`${t('journeys.entered')}: ${funnel.entered}`}</Tag>
                <Tag color="blue">{`${t('journeys.active')}: ${funnel.active}`}</Tag>
                <Tag color="green">{`${t('journeys.converted')}: ${funnel.converted}`}</Tag>
              </Space>
            }
          >
            <BarChart
              label={t('journeys.funnelChart', { version: funnel.version })}
              style={{ height: Math.max(160, bars.length * 36) }}
              option={{
                grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
                tooltip: {},
                xAxis: { type: 'value', minInterval: 1 },
                yAxis: { type: 'category', inverse: true, data: bars.map((b) => b.label) },
                series: [{ type: 'bar', data: bars.map((b) => b.count), label: { show: true } }],
              }}
            />
            <Table
              size="small"
              rowKey="stepId"
              dataSource={funnel.steps}
              pagination={false}
              scroll={{ x: true }}
              locale={{ emptyText: t('common.empty') }}
              columns={[
                { title: t('journeys.step'), dataIndex: 'stepId' },
                { title: t('journeys.passed'), dataIndex: 'passed', align: 'right' },
                { title: t('journeys.sent'), dataIndex: 'sent', align: 'right' },
                { title: t('journeys.skipped'), dataIndex: 'skipped', align: 'right' },
                { title: t('journeys.held'), dataIndex: 'conditionHeld', align: 'right' },
                { title: t('journeys.notHeld'), dataIndex: 'conditionNotHeld', align: 'right' },
              ]}
            />
          </Card>
        );
      })}
    </Space>
  );
}

export function JourneysTab(): React.ReactElement {
  const { t, i18n } = useTranslation();
  const { data, loading, error } = useQuery(Journeys);
  const [journeyId, setJourneyId] = useState<string>();
  const journeys = data?.marketingJourneys ?? [];
  const journey = journeys.find((j) => j.journeyId === journeyId);
  const latest = journey?.versions.at(-1);
  const definition = latest ? journeyDefinitionView(latest.definitionJson) : null;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      {error && <Alert type="error" message={error.message} />}
      <Select
        aria-label={t('journeys.journey')}
        placeholder={t('journeys.journey')}
        loading={loading}
        value={journeyId}
        onChange={setJourneyId}
        showSearch
        optionFilterProp="label"
        options={journeys.map((j) => ({ value: j.journeyId, label: j.name }))}
        style={{ width: 360, maxWidth: '100%' }}
      />
      {journey && latest && definition && (
        <>
          <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
            <Descriptions.Item label={t('journeys.trigger')}>
              <span data-testid="journey-trigger">{definition.trigger}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('journeys.versions')}>
              {journey.versions.length}
            </Descriptions.Item>
            <Descriptions.Item label={t('journeys.publishedAt')}>
              {new Date(latest.publishedAt).toLocaleString(i18n.language)}
            </Descriptions.Item>
          </Descriptions>
          <Table
            data-testid="journey-steps"
            size="small"
            rowKey="id"
            dataSource={definition.steps}
            pagination={false}
            scroll={{ x: true }}
            columns={[
              { title: t('journeys.step'), dataIndex: 'id' },
              {
                title: t('journeys.kind'),
                dataIndex: 'kind',
                render: (k: string) => <Tag>{k}</Tag>,
              },
              { title: t('journeys.detail'), dataIndex: 'detail' },
            ]}
          />
          <JourneyFunnels
            key={journey.journeyId}
            journeyId={journey.journeyId}
            stepOrder={definition.steps.map((s) => s.id)}
          />
        </>
      )}
    </Space>
  );
}
