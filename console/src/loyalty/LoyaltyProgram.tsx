// The tenant's loyalty programme: its liability (outstanding points and their flows; admins and
// auditors) and its settings (admins and marketers). The gateway serves no reading of the current
// settings yet, so the form defines the programme anew from what is entered.
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
  Space,
  Statistic,
  Switch,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldStatus, formErrorsOf } from '../app/field-errors';
import { graphql } from '../graphql/generated';

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

interface Tier {
  name: string;
  qualifyingThreshold: number;
  multiplierPercent: number;
}

interface ProgramForm {
  name: string;
  currency: string;
  timeZone: string;
  autoEnrol: boolean;
  pointsPerAmount: number;
  perAmount: string;
  lotLifetimeMonths: number;
  adjustmentApprovalThreshold: number;
  tiers: Tier[];
}

const DEFAULTS: ProgramForm = {
  name: 'Rewards',
  currency: 'EUR',
  // The browser's zone: lots expire at local midnight where the programme is run from.
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  autoEnrol: true,
  pointsPerAmount: 1,
  perAmount: '1.00',
  lotLifetimeMonths: 24,
  adjustmentApprovalThreshold: 1000,
  tiers: [
    { name: 'Silver', qualifyingThreshold: 0, multiplierPercent: 100 },
    { name: 'Gold', qualifyingThreshold: 1000, multiplierPercent: 150 },
  ],
};

export function LoyaltyProgramSettings(): React.ReactElement {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ProgramForm>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [define, { loading }] = useMutation(DefineProgram);
  const errorAt = (path: string) => fieldStatus(errors, path);

  const save = async (v: ProgramForm) => {
    setErrors({});
    try {
      await define({
        variables: {
          input: {
            name: v.name,
            currency: v.currency,
            timeZone: v.timeZone,
            autoEnrol: v.autoEnrol,
            adjustmentApprovalThreshold: v.adjustmentApprovalThreshold,
            lotLifetimeMonths: v.lotLifetimeMonths,
            earnRules: [
              { ruleId: 'base', kind: 'AMOUNT', points: v.pointsPerAmount, perAmount: v.perAmount },
            ],
            tiers: v.tiers,
          },
        },
      });
      void message.success(t('common.saved'));
    } catch (e) {
      setErrors(formErrorsOf(e));
    }
  };

  return (
    <Card title={t('loyalty.settings')} size="small" data-testid="loyalty-settings">
      <Typography.Paragraph type="secondary">{t('loyalty.settingsHint')}</Typography.Paragraph>
      <Form<ProgramForm>
        form={form}
        layout="vertical"
        initialValues={DEFAULTS}
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
        {errors[''] && <Alert type="error" message={errors['']} style={{ marginTop: 8 }} />}
        <div style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={loading}>
            {t('loyalty.defineProgram')}
          </Button>
        </div>
      </Form>
    </Card>
  );
}
