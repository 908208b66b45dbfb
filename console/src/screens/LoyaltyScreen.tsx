// A loyalty member's page: balances, tier with its benefits, history and progress to the next
// tier, and the point lots with their expiry, charted by month so that points about to lapse stand
// out. The member id is the customer id (from the 360).
import { useQuery } from '@apollo/client/react';
import {
  Card,
  Col,
  Descriptions,
  Empty,
  Input,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { pointsByExpiryMonth } from '../app/points-by-month';
import { graphql } from '../graphql/generated';
import { BarChart } from '../app/BarChart';
import { useSignedIn } from '../auth/session-context';
import { LoyaltyLiability, LoyaltyProgramSettings } from '../loyalty/LoyaltyProgram';
import { TierProgress } from '../loyalty/TierProgress';
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
      debtPoints
      qualifyingPoints
      enrolledAt
      tierReviewAt
      tierInGrace
      tierBenefits {
        code
        description
      }
      tierHistory {
        at
        change
        fromTier
        toTier
      }
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
              <Col xs={12} md={6}>
                <Statistic title={t('loyalty.qualifying')} value={member.qualifyingPoints} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('loyalty.redeemed')} value={member.redeemedPoints} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('loyalty.expired')} value={member.expiredPoints} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('loyalty.debt')} value={member.debtPoints} />
              </Col>
            </Row>
            {mayUseLoyaltyProgramme(roles, 'progress') && (
              <TierProgress memberId={member.memberId} />
            )}
            <Descriptions size="small" column={1} style={{ marginTop: 16 }}>
              <Descriptions.Item label={t('loyalty.benefits')}>
                {member.tierBenefits.length === 0
                  ? '—'
                  : member.tierBenefits.map((b) => <Tag key={b.code}>{b.description}</Tag>)}
              </Descriptions.Item>
              {member.tierReviewAt && (
                <Descriptions.Item label={t('loyalty.nextReview')}>
                  {new Date(member.tierReviewAt).toLocaleDateString(i18n.language)}
                  {member.tierInGrace && ` (${t('loyalty.inGrace')})`}
                </Descriptions.Item>
              )}
              {member.tierHistory.length > 0 && (
                <Descriptions.Item label={t('loyalty.tierHistory')}>
                  <Space direction="vertical" size={0} data-testid="tier-history">
                    {member.tierHistory.map((c) => (
                      <span key={c.at}>
                        {`${new Date(c.at).toLocaleDateString(i18n.language)} · ${t(
                          c.change === 'upgrade' ? 'loyalty.upgrade' : 'loyalty.downgrade',
                        )} · ${c.fromTier ?? '—'} → ${c.toTier}`}
                      </span>
                    ))}
                  </Space>
                </Descriptions.Item>
              )}
            </Descriptions>
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
