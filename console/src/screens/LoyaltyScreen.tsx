// A loyalty member's page: balances, tier, and the point lots with their expiry, charted by month
// so that points about to lapse stand out. The member id is the customer id (from the 360).
import { useQuery } from '@apollo/client/react';
import { Card, Col, Empty, Input, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { pointsByExpiryMonth } from '../app/points-by-month';
import { graphql } from '../graphql/generated';
import { BarChart } from '../app/BarChart';
import { useSignedIn } from '../auth/session-context';
import { LoyaltyLiability, LoyaltyProgramSettings } from '../loyalty/LoyaltyProgram';
import { mayUseLoyaltyProgramme } from '../navigation/screens';

const Member = graphql(`
  query ConsoleLoyaltyMember($memberId: ID!) {
    loyaltyMember(memberId: $memberId) {
      memberId
      tier
      availablePoints
      reservedPoints
      earnedPoints
      redeemedPoints
      expiredPoints
      enrolledAt
      lots {
        lotId
        points
        expiresAt
      }
    }
  }
`);

export function LoyaltyScreen(): React.ReactElement {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { memberId } = useParams();
  const { roles } = useSignedIn().user;
  const { data, loading, error } = useQuery(Member, {
    variables: { memberId: memberId ?? '' },
    skip: !memberId,
  });
  const member = data?.loyaltyMember;
  const months = member ? pointsByExpiryMonth(member.lots) : [];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('loyalty.title')}
          </Typography.Title>
        }
      >
        <Input.Search
          aria-label={t('loyalty.memberId')}
          placeholder={t('loyalty.memberId')}
          defaultValue={memberId}
          enterButton={t('common.open')}
          onSearch={(id) => id.trim() && void navigate(`/loyalty/${id.trim()}`)}
          style={{ maxWidth: 480, marginBottom: 16 }}
        />
        {error && (
          <Typography.Text type="danger">
            {error.message.includes('not') ? t('loyalty.notEnrolled') : error.message}
          </Typography.Text>
        )}
        {loading && <Card loading />}
        {member && (
          <>
            <Row gutter={[16, 16]}>
              <Col xs={12} md={6}>
                <Statistic title={t('loyalty.available')} value={member.availablePoints} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('loyalty.reserved')} value={member.reservedPoints} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('loyalty.earned')} value={member.earnedPoints} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic
                  title={t('loyalty.tier')}
                  valueRender={() => <Tag>{member.tier ?? '—'}</Tag>}
                />
              </Col>
            </Row>
            {months.length > 0 && (
              <BarChart
                style={{ height: 240, marginTop: 16 }}
                label={t('loyalty.points')}
                option={{
                  tooltip: {},
                  xAxis: { type: 'category', data: months.map((m) => m.month) },
                  yAxis: { type: 'value', name: t('loyalty.points') },
                  series: [
                    { type: 'bar', data: months.map((m) => m.points), name: t('loyalty.points') },
                  ],
                }}
              />
            )}
            <Typography.Title level={5}>{t('loyalty.lots')}</Typography.Title>
            <Table
              rowKey="lotId"
              size="small"
              dataSource={member.lots}
              pagination={false}
              locale={{ emptyText: <Empty description={t('common.empty')} /> }}
              columns={[
                { title: t('loyalty.points'), dataIndex: 'points' },
                {
                  title: t('loyalty.expiresAt'),
                  dataIndex: 'expiresAt',
                  render: (at: string) => new Date(at).toLocaleDateString(i18n.language),
                },
              ]}
            />
          </>
        )}
      </Card>
      {mayUseLoyaltyProgramme(roles, 'liability') && <LoyaltyLiability />}
      {mayUseLoyaltyProgramme(roles, 'settings') && <LoyaltyProgramSettings />}
    </Space>
  );
}
