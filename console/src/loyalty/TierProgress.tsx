// How far a member is from the next tier, in what the programme's thresholds count (qualifying
// points or orders of the current period), from the service's replay of the member as of now.
import { useQuery } from '@apollo/client/react';
import { Alert, Progress, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../graphql/generated';

const MemberNow = graphql(`
  query ConsoleLoyaltyTierProgress($memberId: ID!, $asOf: String!) {
    loyaltyMemberAsOf(memberId: $memberId, asOf: $asOf) {
      tierProgress {
        basis
        current
        nextTier
        toNextTier
      }
    }
  }
`);

export function TierProgress({ memberId }: { memberId: string }): React.ReactElement | null {
  const { t } = useTranslation();
  // Fixed at the first render (the query must not change on every render), a second back: the
  // service refuses an instant in its future, and the browser's clock may run a little ahead.
  const [asOf] = useState(() => new Date(Date.now() - 1_000).toISOString());
  const { data, error } = useQuery(MemberNow, { variables: { memberId, asOf } });
  if (error) return <Alert type="warning" message={error.message} />;
  const progress = data?.loyaltyMemberAsOf.tierProgress;
  if (!progress) return null;
  const target = progress.current + progress.toNextTier;
  return (
    <div style={{ marginTop: 16, maxWidth: 480 }} data-testid="tier-progress">
      <Typography.Text strong>{t('loyalty.progress')}</Typography.Text>
      <Progress
        percent={target === 0 ? 100 : Math.floor((progress.current / target) * 100)}
        aria-label={t('loyalty.progress')}
      />
      <Typography.Text type="secondary">
        {progress.nextTier
          ? t('loyalty.progressTo', {
              count: progress.toNextTier,
              unit: t(`loyalty.units.${progress.basis}`),
              tier: progress.nextTier,
            })
          : t('loyalty.topTier')}
      </Typography.Text>
    </div>
  );
}
