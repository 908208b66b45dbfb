// The forecast of a quarter or month in the user's scope: per owner, team and currency, the
// pipeline, weighted, best case, commit and won amounts, the quota and its attainment, and the
// submitted and adjusted calls. Sellers submit their own call; managers adjust a submitted call
// with a note. The table reads its own write (the mutation's position).
import { useQuery } from '@apollo/client/react';
import { Alert, Card, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignedIn } from '../auth/session-context';
import { graphql } from '../graphql/generated';
import type { ConsoleForecastQuery } from '../graphql/generated/graphql';
import { mayAdjustForecasts, maySell } from '../navigation/screens';
import { ForecastCall } from './ForecastCall';
import { isForecastPeriod, quarterOf } from './forecast-period';

const Forecast = graphql(`
  query ConsoleForecast($period: String!, $atLeastPosition: String) {
    salesForecast(period: $period, atLeastPosition: $atLeastPosition) {
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
        quota
        attainmentPercent
      }
    }
  }
`);

type ForecastLine = ConsoleForecastQuery['salesForecast']['lines'][number];

const AMOUNTS = ['pipeline', 'weighted', 'bestCase', 'commit', 'won', 'submitted', 'adjusted'];

export function ForecastScreen(): React.ReactElement {
  const { t } = useTranslation();
  const session = useSignedIn();
  const [period, setPeriod] = useState(() => quarterOf(new Date()));
  const valid = isForecastPeriod(period);
  const { data, loading, error, refetch } = useQuery(Forecast, {
    variables: { period },
    skip: !valid,
  });
  const readBack = (position: string) => void refetch({ period, atLeastPosition: position });
  const mayAdjust = mayAdjustForecasts(session.user.roles);
  const ownerName = (id: string | null) =>
    id === null ? '—' : id === session.user.id ? t('opportunity.me') : id;
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('forecast.title')}
        </Typography.Title>
      }
      extra={
        valid && maySell(session.user.roles) && <ForecastCall period={period} onSaved={readBack} />
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
      {/* Scrolls sideways when its columns do not fit: focusable, so a keyboard can scroll it. */}
      <div
        role="region"
        aria-label={t('forecast.title')}
        tabIndex={0}
        style={{ overflowX: 'auto' }}
      >
        <Table
          data-testid="forecast"
          rowKey={(l) => `${l.ownerId ?? ''}/${l.teamId ?? ''}/${l.currency}`}
          loading={loading}
          dataSource={data?.salesForecast.lines ?? []}
          pagination={false}
          locale={{ emptyText: t('common.empty') }}
          columns={[
            { title: t('forecast.owner'), dataIndex: 'ownerId', render: ownerName },
            { title: t('forecast.currency'), dataIndex: 'currency' },
            ...AMOUNTS.map((key) => ({
              title: t(`forecast.${key}`),
              dataIndex: key,
              align: 'right' as const,
              render: (v: string | null) => v ?? '—',
            })),
            {
              title: t('forecastCall.note'),
              dataIndex: 'adjustmentNote',
              responsive: ['md' as const],
              render: (v: string | null) => v ?? '—',
            },
            { title: t('forecastCall.quota'), dataIndex: 'quota', responsive: ['lg' as const] },
            {
              title: t('forecastCall.attainment'),
              dataIndex: 'attainmentPercent',
              responsive: ['lg' as const],
              render: (v: number | null) => (v === null ? '—' : `${v} %`),
            },
            { title: t('forecast.open'), dataIndex: 'openCount', responsive: ['md' as const] },
            ...(mayAdjust
              ? [
                  {
                    title: t('opportunity.actions'),
                    key: 'adjust',
                    render: (_: unknown, l: ForecastLine) =>
                      l.ownerId !== null && l.submitted !== null ? (
                        <Space>
                          <ForecastCall
                            period={period}
                            adjust={{
                              ownerId: l.ownerId,
                              currency: l.currency,
                              amount: l.adjusted ?? l.submitted,
                            }}
                            buttonLabel={`${t('forecastCall.adjust')} (${ownerName(l.ownerId)}, ${l.currency})`}
                            onSaved={readBack}
                          />
                        </Space>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      </div>
    </Card>
  );
}
