// The tenant's loyalty programme: its liability (outstanding points and their flows; admins and
// auditors) and its settings (admins and marketers). The form loads the programme in force and
// saves the whole definition back, keeping what it does not edit (program-form.ts).
import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldStatus, formErrorsOf } from '../app/field-errors';
import { graphql } from '../graphql/generated';
import { formOf, inputOf, NEW_PROGRAM, type ProgramForm } from './program-form';

const Liability = graphql(`
  query ConsoleLoyaltyLiability($atLeastPosition: String) {
    loyaltyLiability(atLeastPosition: $atLeastPosition) {
      members
      outstandingPoints
      earnedPoints
      redeemedPoints
      expiredPoints
      debtPoints
    }
  }
`);

const DefineProgram = graphql(`
  mutation ConsoleDefineLoyaltyProgram($input: DefineLoyaltyProgramInput!) {
    defineLoyaltyProgram(input: $input) {
      position
    }
  }
`);

export function LoyaltyLiability(): React.ReactElement {
  const { t } = useTranslation();
  const { data, error, loading } = useQuery(Liability);
  const l = data?.loyaltyLiability;
  return (
    <Card title={t('loyalty.liability')} size="small" loading={loading} data-testid="liability">
      {error && <Alert type="error" message={error.message} />}
      {l && (
        <Row gutter={[16, 16]}>
          {(
            [
              ['members', l.members],
              ['outstanding', l.outstandingPoints],
              ['earned', l.earnedPoints],
              ['redeemed', l.redeemedPoints],
              ['expired', l.expiredPoints],
              ['debt', l.debtPoints],
            ] as const
          ).map(([key, value]) => (
            <Col xs={12} md={4} key={key}>
              <Statistic title={t(`loyalty.liabilityOf.${key}`)} value={value} />
            </Col>
          ))}
        </Row>
      )}
    </Card>
  );
}

const Program = graphql(`
  query ConsoleLoyaltyProgram($atLeastPosition: String) {
    loyaltyProgram(atLeastPosition: $atLeastPosition) {
      name
      currency
      timeZone
      tierWindowMonths
      tiers {
        name
        qualifyingThreshold
        multiplierPercent
        benefits {
          code
          description
        }
      }
      settings {
        autoEnrol
        earnRules {
          ruleId
          kind
          points
          perAmount
          category
          capPoints
        }
        promotions {
          promotionId
          name
          from
          until
          multiplierPercent
        }
        lotLifetimeMonths
        lotExpiryMonthDay
        adjustmentApprovalThreshold
        tierGraceDays
        tierBasis
        tierPeriod
        referralRefereePoints
        referralReferrerPoints
        referralReturnWindowDays
      }
    }
  }
`);

export function LoyaltyProgramSettings(): React.ReactElement {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProgramForm>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [define, { loading: saving }] = useMutation(DefineProgram);
  const current = useQuery(Program);
  const loaded = current.data?.loyaltyProgram;
  const errorAt = (path: string) => fieldStatus(errors, path);

  // The form shows the programme in force once it is read (a new one's defaults before any).
  useEffect(() => {
    if (!current.loading) form.setFieldsValue(formOf(loaded));
  }, [current.loading, loaded, form]);

  const save = async (v: ProgramForm) => {
    setErrors({});
    try {
      const result = await define({ variables: { input: inputOf(v, loaded) } });
      // Read your own write: the programme as saved, once the read model has it.
      await current.refetch({ atLeastPosition: result.data?.defineLoyaltyProgram.position });
      void message.success(t('common.saved'));
    } catch (e) {
      setErrors(formErrorsOf(e));
    }
  };

  return (
    <Card
      title={t('loyalty.settings')}
      size="small"
      data-testid="loyalty-settings"
      loading={current.loading}
    >
      <Typography.Paragraph type="secondary">
        {loaded ? t('loyalty.settingsHint') : t('loyalty.settingsNew')}
      </Typography.Paragraph>
      {current.error && <Alert type="error" message={current.error.message} />}
      <Form<ProgramForm>
        form={form}
        layout="vertical"
        initialValues={NEW_PROGRAM}
        onFinish={(v) => void save(v)}
      >
        <Space wrap align="start">
          <Form.Item
            name="name"
            label={t('loyalty.programName')}
            rules={[{ required: true }]}
            {...errorAt('name')}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="currency"
            label={t('loyalty.currency')}
            rules={[{ required: true, len: 3 }]}
            {...errorAt('currency')}
          >
            <Input style={{ width: 80 }} />
          </Form.Item>
          <Form.Item
            name="timeZone"
            label={t('loyalty.timeZone')}
            rules={[{ required: true }]}
            {...errorAt('timeZone')}
          >
            <Input style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="autoEnrol" label={t('loyalty.autoEnrol')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item
            name="pointsPerAmount"
            label={t('loyalty.pointsPerAmount')}
            {...errorAt('earnRules[0].points')}
          >
            <InputNumber min={1} precision={0} />
          </Form.Item>
          <Form.Item
            name="perAmount"
            label={t('loyalty.perAmount')}
            rules={[{ pattern: /^\d+(\.\d{1,2})?$/ }]}
            {...errorAt('earnRules[0].perAmount')}
          >
            <Input style={{ width: 100 }} inputMode="decimal" />
          </Form.Item>
          <Form.Item
            name="lotLifetimeMonths"
            label={t('loyalty.lotLifetimeMonths')}
            {...errorAt('lotLifetimeMonths')}
          >
            <InputNumber min={1} precision={0} />
          </Form.Item>
          <Form.Item
            name="lotExpiryMonthDay"
            label={t('loyalty.lotExpiryMonthDay')}
            rules={[{ pattern: /^\d{2}-\d{2}$/ }]}
            {...errorAt('lotExpiryMonthDay')}
          >
            <Input style={{ width: 100 }} placeholder="12-31" />
          </Form.Item>
          <Form.Item
            name="adjustmentApprovalThreshold"
            label={t('loyalty.approvalThreshold')}
            {...errorAt('adjustmentApprovalThreshold')}
          >
            <InputNumber min={0} precision={0} />
          </Form.Item>
        </Space>
        <Typography.Title level={5}>{t('loyalty.tiers')}</Typography.Title>
        <Form.List name="tiers">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Space key={field.key} wrap align="start">
                  <Form.Item
                    name={[field.name, 'name']}
                    label={t('loyalty.tierName')}
                    rules={[{ required: true }]}
                    {...errorAt(`tiers[${i}].name`)}
                  >
                    <Input style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'qualifyingThreshold']}
                    label={t('loyalty.threshold')}
                    {...errorAt(`tiers[${i}].qualifyingThreshold`)}
                  >
                    <InputNumber min={0} precision={0} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'multiplierPercent']}
                    label={t('loyalty.multiplier')}
                    {...errorAt(`tiers[${i}].multiplierPercent`)}
                  >
                    <InputNumber min={100} max={1000} precision={0} />
                  </Form.Item>
                  <Button
                    style={{ marginTop: 30 }}
                    aria-label={t('loyalty.removeTier')}
                    onClick={() => remove(field.name)}
                  >
                    −
                  </Button>
                </Space>
              ))}
              <Button
                onClick={() => add({ name: '', qualifyingThreshold: 0, multiplierPercent: 100 })}
              >
                {t('loyalty.addTier')}
              </Button>
            </>
          )}
        </Form.List>
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('loyalty.tierReview')}
        </Typography.Title>
        <Space wrap align="start">
          <Form.Item
            name="tierWindowMonths"
            label={t('loyalty.tierWindowMonths')}
            {...errorAt('tierReview.windowMonths')}
          >
            <InputNumber min={1} max={36} precision={0} />
          </Form.Item>
          <Form.Item
            name="tierGraceDays"
            label={t('loyalty.tierGraceDays')}
            {...errorAt('tierReview.graceDays')}
          >
            <InputNumber min={0} max={365} precision={0} />
          </Form.Item>
          <Form.Item
            name="tierBasis"
            label={t('loyalty.tierBasis')}
            {...errorAt('tierReview.basis')}
          >
            <Select
              allowClear
              style={{ width: 200 }}
              aria-label={t('loyalty.tierBasis')}
              options={[
                { value: 'QUALIFYING_POINTS', label: t('loyalty.basis.QUALIFYING_POINTS') },
                { value: 'ORDERS', label: t('loyalty.basis.ORDERS') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="tierPeriod"
            label={t('loyalty.tierPeriod')}
            {...errorAt('tierReview.period')}
          >
            <Select
              allowClear
              style={{ width: 200 }}
              aria-label={t('loyalty.tierPeriod')}
              options={[
                { value: 'ROLLING', label: t('loyalty.period.ROLLING') },
                { value: 'CALENDAR_YEAR', label: t('loyalty.period.CALENDAR_YEAR') },
              ]}
            />
          </Form.Item>
        </Space>
        <Typography.Title level={5}>{t('loyalty.referrals')}</Typography.Title>
        <Space wrap align="start">
          <Form.Item
            name="referralRefereePoints"
            label={t('loyalty.refereePoints')}
            {...errorAt('referralReward.refereePoints')}
          >
            <InputNumber min={1} precision={0} />
          </Form.Item>
          <Form.Item
            name="referralReferrerPoints"
            label={t('loyalty.referrerPoints')}
            {...errorAt('referralReward.referrerPoints')}
          >
            <InputNumber min={1} precision={0} />
          </Form.Item>
          <Form.Item
            name="referralReturnWindowDays"
            label={t('loyalty.returnWindowDays')}
            {...errorAt('referralReward.returnWindowDays')}
          >
            <InputNumber min={0} max={365} precision={0} />
          </Form.Item>
        </Space>
        {errors[''] && <Alert type="error" message={errors['']} style={{ marginTop: 8 }} />}
        <div style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={saving}>
            {t('loyalty.defineProgram')}
          </Button>
        </div>
      </Form>
    </Card>
  );
}
