// An amount (decimal string, as the API takes money) and its ISO currency, as two form fields
// named `amount` and `currency`, each showing the gateway's error for it.
import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { type ErrorAt } from './FormDialog';

export function MoneyFields(props: {
  amountLabel: string;
  errorAt: ErrorAt;
  /** The currency is given (e.g. the call being adjusted): shown, not changed. */
  currencyFixed?: boolean;
}): React.ReactElement {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="amount"
        label={props.amountLabel}
        rules={[{ required: true, whitespace: true }]}
        {...props.errorAt('amount')}
      >
        <Input inputMode="decimal" style={{ maxWidth: 200 }} />
      </Form.Item>
      <Form.Item
        name="currency"
        label={t('forecast.currency')}
        rules={[{ required: true, whitespace: true }]}
        {...props.errorAt('currency')}
      >
        <Input disabled={props.currencyFixed} maxLength={3} style={{ width: 100 }} />
      </Form.Item>
    </>
  );
}
