// Satisfaction results within the user's scope: CSAT per agent or team (best first) and the
// tenant's NPS with its promoters, passives and detractors.
import { useQuery } from '@apollo/client/react';
import { Alert, Card, Col, Row, Segmented, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../graphql/generated';
import type { CsatGrouping } from '../graphql/generated/graphql';

const Results = graphql(`
  query ConsoleSatisfaction($groupBy: CsatGrouping!) {
    csatResults(groupBy: $groupBy) {
      key
      answers
      averageScore
      satisfiedShare
    }
    npsResult {
      nps
      answers
      promoters
      passives
      detractors
    }
  }
`);

export function SatisfactionScreen(): React.ReactElement {
  const { t } = useTranslation();
  const [groupBy, setGroupBy] = useState<CsatGrouping>('AGENT');
  const { data, loading, error } = useQuery(Results, { variables: { groupBy } });
  const nps = data?.npsResult;
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('satisfaction.title')}
        </Typography.Title>
      }
    >
      {error && <Alert type="error" message={error.message} />}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Statistic
            title={t('satisfaction.nps')}
            value={nps?.nps ?? '—'}
            precision={nps?.nps === null ? undefined : 1}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('satisfaction.promoters')} value={nps?.promoters ?? 0} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('satisfaction.passives')} value={nps?.passives ?? 0} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('satisfaction.detractors')} value={nps?.detractors ?? 0} />
        </Col>
      </Row>
      <Segmented<CsatGrouping>
        value={groupBy}
        onChange={setGroupBy}
        options={[
          { value: 'AGENT', label: t('satisfaction.byAgent') },
          { value: 'TEAM', label: t('satisfaction.byTeam') },
        ]}
        style={{ marginBottom: 16 }}
      />
      <Table
        rowKey={(r) => r.key ?? '—'}
        loading={loading}
        dataSource={data?.csatResults ?? []}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          {
            title: groupBy === 'AGENT' ? t('satisfaction.agent') : t('satisfaction.team'),
            dataIndex: 'key',
            render: (k: string | null) => k ?? '—',
          },
          { title: t('satisfaction.answers'), dataIndex: 'answers' },
          {
            title: t('satisfaction.average'),
            dataIndex: 'averageScore',
            render: (v: number) => v.toFixed(2),
          },
          {
            title: t('satisfaction.satisfied'),
            dataIndex: 'satisfiedShare',
            render: (v: number) => `${Math.round(v * 100)}%`,
          },
        ]}
      />
    </Card>
  );
}
