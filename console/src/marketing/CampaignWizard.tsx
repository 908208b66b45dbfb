// A campaign in three steps: its name and segment; its template and language, previewed for a
// customer as it would be sent; then send now, schedule, or keep as a draft. The campaign list is
// read at the last write's position, so the new campaign shows at once.
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, DatePicker, Form, Input, Radio, Select, Space, Steps } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../graphql/generated';
import type { TemplateLocale } from '../graphql/generated/graphql';
import { PreviewFrame, PreviewMessage, type Data } from './marketing-data';

const CreateCampaign = graphql(`
  mutation ConsoleCreateCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) {
      aggregateId
      position
    }
  }
`);

const ScheduleCampaign = graphql(`
  mutation ConsoleScheduleCampaign($input: ScheduleCampaignInput!) {
    scheduleCampaign(input: $input) {
      position
    }
  }
`);

const SendCampaign = graphql(`
  mutation ConsoleSendCampaign($input: SendCampaignInput!) {
    sendCampaign(input: $input) {
      result {
        position
      }
    }
  }
`);

type When = 'draft' | 'now' | 'later';

interface Draft {
  name?: string;
  segmentId?: string;
  templateId?: string;
  locale: TemplateLocale;
  customerId?: string;
  when: When;
  sendAt?: Dayjs;
}

export function CampaignWizard(props: {
  data: Data;
  onDone: (position: string) => void;
}): React.ReactElement {
  const { t } = useTranslation();
  const [step, setStep] = useState(0);
  const [form] = Form.useForm<Draft>();
  const draft = Form.useWatch([], form) as Draft | undefined;
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per wizard run: a double submit creates one campaign.
  const [attempt, setAttempt] = useState(() => crypto.randomUUID());
  const [create] = useMutation(CreateCampaign);
  const [schedule] = useMutation(ScheduleCampaign);
  const [send] = useMutation(SendCampaign);
  const previewFor = draft?.customerId?.trim() ?? '';
  const preview = useQuery(PreviewMessage, {
    variables: {
      templateId: draft?.templateId ?? '',
      customerId: previewFor,
      locale: draft?.locale ?? 'EN',
    },
    skip: step !== 1 || !draft?.templateId || previewFor === '',
  });
  const steps = [
    t('marketing.wizardAudience'),
    t('marketing.wizardMessage'),
    t('marketing.wizardSend'),
  ];
  // What a step needs before the next (the form checks everything again on creation).
  const stepDone = [Boolean(draft?.name?.trim() && draft.segmentId), Boolean(draft?.templateId)];

  const finish = async () => {
    const v = form.getFieldsValue(true) as Draft;
    setBusy(true);
    setFailure(null);
    try {
      const created = await create({
        variables: {
          input: {
            name: v.name ?? '',
            segmentId: v.segmentId ?? '',
            templateId: v.templateId ?? '',
            locale: v.locale,
            idempotencyKey: `console-campaign-${attempt}`,
          },
        },
      });
      const campaign = created.data?.createCampaign;
      if (!campaign) return;
      let position = campaign.position;
      const campaignId = campaign.aggregateId;
      if (v.when === 'now') {
        const sent = await send({
          variables: { input: { campaignId, idempotencyKey: `console-send-${attempt}` } },
        });
        position = sent.data?.sendCampaign.result.position ?? position;
      } else if (v.when === 'later' && v.sendAt) {
        const scheduled = await schedule({
          variables: {
            input: {
              campaignId,
              sendAt: v.sendAt.toISOString(),
              idempotencyKey: `console-schedule-${attempt}`,
            },
          },
        });
        position = scheduled.data?.scheduleCampaign.position ?? position;
      }
      props.onDone(position);
      form.resetFields();
      setStep(0);
      setAttempt(crypto.randomUUID());
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="campaign-wizard" style={{ marginBottom: 24 }}>
      <Steps
        current={step}
        items={steps.map((title) => ({ title }))}
        style={{ marginBottom: 16 }}
      />
      <Form<Draft>
        form={form}
        layout="vertical"
        initialValues={{ locale: 'EN', when: 'draft' }}
        onFinish={() => void finish()}
      >
        <div hidden={step !== 0}>
          <Form.Item
            name="name"
            label={t('marketing.name')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="segmentId" label={t('marketing.segment')} rules={[{ required: true }]}>
            <Select
              options={props.data.marketingSegments.map((s) => ({
                value: s.segmentId,
                label: s.name,
              }))}
            />
          </Form.Item>
        </div>
        <div hidden={step !== 1}>
          <Space wrap align="start">
            <Form.Item
              name="templateId"
              label={t('marketing.template')}
              rules={[{ required: true }]}
            >
              <Select
                style={{ width: 240 }}
                options={props.data.marketingTemplates.map((tpl) => ({
                  value: tpl.templateId,
                  label: tpl.name,
                }))}
              />
            </Form.Item>
            <Form.Item name="locale" label={t('marketing.locale')}>
              <Select
                style={{ width: 140 }}
                options={[
                  { value: 'EN', label: 'English' },
                  { value: 'ZH_CN', label: '简体中文' },
                ]}
              />
            </Form.Item>
            <Form.Item name="customerId" label={t('marketing.previewFor')}>
              <Input style={{ width: 340 }} />
            </Form.Item>
          </Space>
          {preview.error && <Alert type="error" message={preview.error.message} />}
          {preview.data && <PreviewFrame preview={preview.data.previewMessage} />}
        </div>
        <div hidden={step !== 2}>
          <Form.Item name="when" label={t('marketing.when')}>
            <Radio.Group
              options={[
                { value: 'draft', label: t('marketing.keepDraft') },
                { value: 'now', label: t('marketing.sendNow') },
                { value: 'later', label: t('marketing.sendLater') },
              ]}
            />
          </Form.Item>
          {draft?.when === 'later' && (
            <Form.Item name="sendAt" label={t('marketing.sendAt')} rules={[{ required: true }]}>
              <DatePicker showTime />
            </Form.Item>
          )}
        </div>
        {failure && <Alert type="error" message={failure} style={{ marginBottom: 8 }} />}
        <Space>
          {step > 0 && <Button onClick={() => setStep(step - 1)}>{t('common.back')}</Button>}
          {step < 2 ? (
            // Keyed apart from the submit button: React would otherwise turn the clicked "Next"
            // into the submit button before the click's default action, creating the campaign.
            <Button
              key="next"
              type="primary"
              disabled={!stepDone[step]}
              onClick={() => setStep(step + 1)}
            >
              {t('marketing.next')}
            </Button>
          ) : (
            <Button key="create" type="primary" htmlType="submit" loading={busy}>
              {t('marketing.createCampaign')}
            </Button>
          )}
        </Space>
      </Form>
    </div>
  );
}
