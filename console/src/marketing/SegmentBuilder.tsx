// Segment builder: conditions joined by and/or, the count of customers the rule selects now
// (previewSegment, refreshed as the rule changes) and, for marketers and admins, saving it.
import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  App,
  Button,
  Input,
  Radio,
  Select,
  Space,
  Statistic,
  Switch,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignedIn } from '../auth/session-context';
import { graphql } from '../graphql/generated';
import { type Condition, type ConditionKind, ruleOf } from './segment-rule';

const Preview = graphql(`
  query ConsoleSegmentPreview($ruleJson: String!) {
    previewSegment(ruleJson: $ruleJson) {
      count
    }
  }
`);

export const DefineSegment = graphql(`
  mutation ConsoleDefineSegment($input: DefineSegmentInput!) {
    defineSegment(input: $input) {
      position
      createdId
    }
  }
`);

const KINDS: ConditionKind[] = ['tag', 'region', 'kind', 'emailConsent', 'valueTier', 'purchase'];

/** The value as it stops changing for a moment, so typing does not query on every key. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function ValueInput(props: {
  condition: Condition;
  onChange: (patch: Partial<Condition>) => void;
}): React.ReactElement {
  const { t } = useTranslation();
  const { condition: c, onChange } = props;
  const label = t('marketing.value');
  switch (c.kind) {
    case 'kind':
      return (
        <Select
          aria-label={label}
          value={c.value || undefined}
          onChange={(value: string) => onChange({ value })}
          options={['person', 'company'].map((v) => ({ value: v, label: v }))}
          style={{ width: 160 }}
        />
      );
    case 'emailConsent':
      return (
        <Select
          aria-label={label}
          value={c.value || undefined}
          onChange={(value: string) => onChange({ value })}
          options={[
            { value: 'true', label: t('customer.granted') },
            { value: 'false', label: t('customer.withdrawn') },
          ]}
          style={{ width: 160 }}
        />
      );
    case 'tag':
    case 'region':
    case 'valueTier':
    case 'purchase':
      return (
        <Space.Compact>
          {c.kind === 'valueTier' && (
            <Input
              aria-label={t('marketing.currency')}
              value={c.option ?? 'EUR'}
              onChange={(e) => onChange({ option: e.target.value.toUpperCase() })}
              style={{ width: 72 }}
            />
          )}
          {c.kind === 'purchase' && (
            <Select
              aria-label={t('marketing.purchaseOp')}
              value={c.option ?? 'purchasedInDays'}
              onChange={(option: string) => onChange({ option })}
              options={['purchasedInDays', 'noPurchaseInDays'].map((v) => ({
                value: v,
                label: t(`marketing.ops.${v}`),
              }))}
              style={{ width: 200 }}
            />
          )}
          <Input
            aria-label={label}
            value={c.value}
            placeholder={t(`marketing.hints.${c.kind}`)}
            onChange={(e) => onChange({ value: e.target.value })}
            style={{ width: 220 }}
          />
        </Space.Compact>
      );
  }
}

export function SegmentBuilder(props: { mayDefine: boolean }): React.ReactElement {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSignedIn();
  const [conditions, setConditions] = useState<Condition[]>([{ kind: 'tag', value: '' }]);
  const [join, setJoin] = useState<'and' | 'or'>('and');
  const [name, setName] = useState('');
  const rule = ruleOf(conditions, join);
  const ruleJson = useSettled(rule ? JSON.stringify(rule) : '', 400);
  const preview = useQuery(Preview, { variables: { ruleJson }, skip: ruleJson === '' });
  const [define, defining] = useMutation(DefineSegment);

  const patch = (i: number, change: Partial<Condition>) =>
    setConditions((cs) => cs.map((c, j) => (j === i ? { ...c, ...change } : c)));

  async function save(): Promise<void> {
    if (!rule || name.trim() === '') return;
    try {
      await define({
        variables: {
          input: { name: name.trim(), ruleJson: JSON.stringify(rule) },
        },
        refetchQueries: ['ConsoleMarketingOverview'],
      });
      void message.success(t('common.saved'));
    } catch (e) {
      void message.error((e as Error).message);
    }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Radio.Group
        value={join}
        onChange={(e) => setJoin(e.target.value as 'and' | 'or')}
        options={[
          { value: 'and', label: t('marketing.all') },
          { value: 'or', label: t('marketing.any') },
        ]}
      />
      {conditions.map((c, i) => (
        <Space key={i} wrap data-testid="segment-condition">
          <Select
            aria-label={t('marketing.field')}
            value={c.kind}
            onChange={(kind: ConditionKind) => patch(i, { kind, value: '', option: undefined })}
            options={KINDS.map((k) => ({ value: k, label: t(`marketing.fields.${k}`) }))}
            style={{ width: 180 }}
          />
          <ValueInput condition={c} onChange={(change) => patch(i, change)} />
          <Switch
            checkedChildren={t('marketing.not')}
            unCheckedChildren={t('marketing.is')}
            checked={c.negate ?? false}
            onChange={(negate) => patch(i, { negate })}
            aria-label={t('marketing.negate')}
          />
          <Button
            onClick={() => setConditions((cs) => cs.filter((_, j) => j !== i))}
            disabled={conditions.length === 1}
          >
            {t('marketing.remove')}
          </Button>
        </Space>
      ))}
      <Button onClick={() => setConditions((cs) => [...cs, { kind: 'tag', value: '' }])}>
        {t('marketing.addCondition')}
      </Button>
      {preview.error && <Alert type="error" message={preview.error.message} />}
      <Statistic
        title={t('marketing.count')}
        value={ruleJson === '' ? '—' : (preview.data?.previewSegment.count ?? '…')}
        loading={preview.loading}
        formatter={(count) => <span data-testid="segment-count">{count}</span>}
      />
      {rule && (
        <Typography.Text code style={{ wordBreak: 'break-all' }}>
          {JSON.stringify(rule)}
        </Typography.Text>
      )}
      {props.mayDefine && session && (
        <Space.Compact>
          <Input
            aria-label={t('marketing.segmentName')}
            placeholder={t('marketing.segmentName')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            style={{ width: 260 }}
          />
          <Button
            type="primary"
            loading={defining.loading}
            disabled={!rule || name.trim() === ''}
            onClick={() => void save()}
          >
            {t('marketing.saveSegment')}
          </Button>
        </Space.Compact>
      )}
    </Space>
  );
}
