// The forecast of a quarter or month in the user's scope: per owner, team and currency, the
// pipeline, weighted, best case, commit and won amounts, and the submitted and adjusted figures.
import { useQuery } from '@apollo/client/react';
import { Alert, Card, Input, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../graphql/generated';
import { isForecastPeriod, quarterOf } from './forecast-period';

const Forecast = graphql(`
  query ConsoleForecast($period: String!) {
    salesForecast(period: $period) {
      period
      from
      to
      lines {
        ownerId
        teamId
        currency
        pipeline
        weighted
        bestCase
        commit
        won
        wonCount
        openCount
        submitted
        adjusted
        adjustmentNote
      }
    }
  }
`);

const AMOUNTS = ['pipeline', 'weighted', 'bestCase', 'commit', 'won', 'submitted', 'adjusted'];

export function ForecastScreen(): React.ReactElement {
  const { t } = useTranslation();
  const [period, setPeriod] = useState(() => quarterOf(new Date()));
  const valid = isForecastPeriod(period);
  const { data, loading, error } = useQuery(Forecast, { variables: { period }, skip: !valid });
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('forecast.title')}
        </Typography.Title>
      }
    >
      <Input.Search
        aria-label={t('forecast.period')}
        placeholder="2027-Q1"
        defaultValue={period}
        enterButton={t('common.open')}
        onSearch={(p) => setPeriod(p.trim())}
        status={valid ? undefined : 'error'}
        style={{ maxWidth: 320, marginBottom: 16 }}
      />
      {!valid && <Alert type="warning" message={t('forecast.badPeriod')} />}
      {error && <Alert type="error" message={error.message} />}
      <Table
        data-testid="forecast"
        rowKey={(l) => `${l.ownerId ?? ''}/${l.teamId ?? ''}/${l.currency}`}
        loading={loading}
        dataSource={data?.salesForecast.lines ?? []}
        scroll={{ x: true }}
        pagination={false}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          {
            title: t('forecast.owner'),
            dataIndex: 'ownerId',
            render: (v: string | null) => v ?? '—',
          },
          { title: t('forecast.currency'), dataIndex: 'currency' },
          ...AMOUNTS.map((key) => ({
            title: t(`forecast.${key}`),
            dataIndex: key,
            align: 'right' as const,
            render: (v: string | null) => v ?? '—',
          })),
          { title: t('forecast.open'), dataIndex: 'openCount', responsive: ['md' as const] },
        ]}
      />
    </Card>
  );
}
