// A forecast call for a period: a seller submits their own (`submitForecast`, the note optional),
// a manager adjusts a team member's submitted call (`adjustForecast`, the note required, in that
// call's currency). Errors show at the field they name; the screen then reads at the position.
import { useMutation } from '@apollo/client/react';
import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../app/FormDialog';
import { MoneyFields } from '../app/MoneyFields';
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
  const [submit] = useMutation(Submit);
  const [adjustCall] = useMutation(Adjust);
  const label = adjust ? t('forecastCall.adjust') : t('forecastCall.submit');

  const save = async (values: CallForm, idempotencyKey: string) => {
    const amount = values.amount.trim();
    if (adjust) {
      const { ownerId, currency } = adjust;
      const note = values.note?.trim() ?? '';
      const input = { period, ownerId, currency, amount, note, idempotencyKey };
      return (await adjustCall({ variables: { input } })).data?.adjustForecast.position;
    }
    const currency = values.currency.trim().toUpperCase();
    const note = values.note?.trim() || null;
    const input = { period, amount, currency, note, idempotencyKey };
    return (await submit({ variables: { input } })).data?.submitForecast.position;
  };

  return (
    <FormDialog<CallForm>
      label={label}
      title={`${label} · ${period}`}
      button={{
        size: adjust ? 'small' : 'middle',
        type: adjust ? 'default' : 'primary',
        'aria-label': props.buttonLabel,
      }}
      initialValues={{ amount: adjust?.amount ?? '', currency: adjust?.currency ?? 'EUR' }}
      save={save}
      onSaved={props.onSaved}
    >
      {(errorAt) => (
        <>
          <MoneyFields
            amountLabel={t('forecastCall.amount')}
            errorAt={errorAt}
            currencyFixed={adjust !== undefined}
          />
          <Form.Item
            name="note"
            label={t('forecastCall.note')}
            rules={adjust ? [{ required: true, whitespace: true }] : []}
            {...errorAt('note')}
          >
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </>
      )}
    </FormDialog>
  );
}
