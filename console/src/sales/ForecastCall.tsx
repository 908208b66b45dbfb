// A forecast call for a period: a seller submits their own (`submitForecast`, the note optional),
// a manager adjusts a team member's submitted call (`adjustForecast`, the note required, in that
// call's currency). Errors show at the field they name; the screen then reads at the position.
import { useMutation } from '@apollo/client/react';
import { Button, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldStatus, formErrorsOf } from '../app/field-errors';
import { graphql } from '../graphql/generated';

const Submit = graphql(`
  mutation ConsoleSubmitForecast($input: SubmitForecastInput!) {
    submitForecast(input: $input) {
      position
    }
  }
`);

const Adjust = graphql(`
  mutation ConsoleAdjustForecast($input: AdjustForecastInput!) {
    adjustForecast(input: $input) {
      position
    }
  }
`);

interface CallForm {
  amount: string;
  currency: string;
  note?: string;
}

/** Whose call is adjusted; absent: the user submits their own. */
export interface AdjustedCall {
  readonly ownerId: string;
  readonly currency: string;
  /** The figure the form starts from: the latest adjustment, else the submitted call. */
  readonly amount: string | null;
}

export function ForecastCall(props: {
  period: string;
  adjust?: AdjustedCall;
  /** A label naming whose call the button adjusts (screen readers; the row says it visually). */
  buttonLabel?: string;
  onSaved: (position: string) => void;
}): React.ReactElement {
  const { t } = useTranslation();
  const { adjust, period } = props;
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(() => crypto.randomUUID());
  const [form] = Form.useForm<CallForm>();
  const [submit, submitting] = useMutation(Submit);
  const [adjustCall, adjusting] = useMutation(Adjust);
  const title = adjust ? t('forecastCall.adjust') : t('forecastCall.submit');
  const errorAt = (path: string) => fieldStatus(errors, path);

  const save = async (values: CallForm) => {
    setErrors({});
    const idempotencyKey = `console-forecast-${attempt}`;
    const amount = values.amount.trim();
    try {
      const position = adjust
        ? (
            await adjustCall({
              variables: {
                input: {
                  period,
                  ownerId: adjust.ownerId,
                  currency: adjust.currency,
                  amount,
                  note: values.note?.trim() ?? '',
                  idempotencyKey,
                },
              },
            })
          ).data?.adjustForecast.position
        : (
            await submit({
              variables: {
                input: {
                  period,
                  amount,
                  currency: values.currency.trim().toUpperCase(),
                  note: values.note?.trim() || null,
                  idempotencyKey,
                },
              },
            })
          ).data?.submitForecast.position;
      if (position === undefined) return;
      setOpen(false);
      setAttempt(crypto.randomUUID());
      props.onSaved(position);
    } catch (e) {
      setErrors(formErrorsOf(e));
    }
  };

  return (
    <>
      <Button
        size={adjust ? 'small' : 'middle'}
        type={adjust ? 'default' : 'primary'}
        aria-label={props.buttonLabel}
        onClick={() => setOpen(true)}
      >
        {title}
      </Button>
      <Modal
        open={open}
        destroyOnHidden
        title={`${title} · ${period}`}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={submitting.loading || adjusting.loading}
        onOk={() => form.submit()}
        onCancel={() => {
          setOpen(false);
          setErrors({});
        }}
      >
        <Form<CallForm>
          form={form}
          layout="vertical"
          initialValues={{ amount: adjust?.amount ?? '', currency: adjust?.currency ?? 'EUR' }}
          onFinish={(v) => void save(v)}
        >
          <Form.Item
            name="amount"
            label={t('forecastCall.amount')}
            rules={[{ required: true, whitespace: true }]}
            {...errorAt('amount')}
          >
            <Input inputMode="decimal" style={{ maxWidth: 200 }} />
          </Form.Item>
          <Form.Item
            name="currency"
            label={t('forecast.currency')}
            rules={[{ required: true, whitespace: true }]}
            {...errorAt('currency')}
          >
            <Input disabled={adjust !== undefined} maxLength={3} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item
            name="note"
            label={t('forecastCall.note')}
            rules={adjust ? [{ required: true, whitespace: true }] : []}
            {...errorAt('note')}
          >
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          {errors[''] && <Typography.Text type="danger">{errors['']}</Typography.Text>}
        </Form>
      </Modal>
    </>
  );
}
