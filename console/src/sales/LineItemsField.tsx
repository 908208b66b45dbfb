// The priced lines of a quote or an opportunity as form fields: item, category, quantity, unit
// price and discount, plus SKU and "recurring" for opportunity lines (subscriptions). Each field
// shows the gateway's error for its path (`lines[1].unitPrice`).
import { Button, Checkbox, Form, Input, InputNumber, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { type ErrorAt } from '../app/FormDialog';

export interface LineItem {
  name: string;
  category: string;
  quantity: number;
  unitPrice: string;
  discountPercent?: number;
  sku?: string;
  recurring?: boolean;
}

/** A new line's starting values; the form requires the rest before it saves. */
export const EMPTY_LINE = { quantity: 1, discountPercent: 0 } as LineItem;

/** A form line as the API's line input (a quote's; an opportunity's adds `recurring`). */
export function lineInputOf(line: LineItem): {
  name: string;
  category: string;
  quantity: number;
  unitPrice: string;
  discountPercent: number;
  sku?: string;
} {
  const sku = line.sku?.trim();
  return {
    name: line.name,
    category: line.category,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    discountPercent: line.discountPercent ?? 0,
    ...(sku ? { sku } : {}),
  };
}

/** The decimal string the API takes for a price (two digits at most). */
const PRICE = /^\d+(\.\d{1,2})?$/;

export function LineItemsField(props: {
  errorAt: ErrorAt;
  /** Opportunity lines also carry a SKU and whether they recur every period. */
  withProductFields?: boolean;
}): React.ReactElement {
  const { t } = useTranslation();
  const { errorAt } = props;
  return (
    <Form.List name="lines">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field, i) => (
            <Space key={field.key} wrap align="start" data-testid="line-item">
              <Form.Item
                name={[field.name, 'name']}
                label={t('quotes.lineName')}
                rules={[{ required: true, whitespace: true }]}
                {...errorAt(`lines[${i}].name`)}
              >
                <Input />
              </Form.Item>
              {props.withProductFields && (
                <Form.Item
                  name={[field.name, 'sku']}
                  label={t('opportunity.sku')}
                  {...errorAt(`lines[${i}].sku`)}
                >
                  <Input style={{ width: 110 }} />
                </Form.Item>
              )}
              <Form.Item
                name={[field.name, 'category']}
                label={t('quotes.category')}
                rules={[{ required: true, whitespace: true }]}
                {...errorAt(`lines[${i}].category`)}
              >
                <Input style={{ width: 120 }} />
              </Form.Item>
              <Form.Item
                name={[field.name, 'quantity']}
                label={t('quotes.quantity')}
                rules={[{ required: true }]}
                {...errorAt(`lines[${i}].quantity`)}
              >
                <InputNumber min={1} precision={0} style={{ width: 90 }} />
              </Form.Item>
              <Form.Item
                name={[field.name, 'unitPrice']}
                label={t('quotes.unitPrice')}
                rules={[{ required: true, pattern: PRICE }]}
                {...errorAt(`lines[${i}].unitPrice`)}
              >
                <Input style={{ width: 110 }} inputMode="decimal" />
              </Form.Item>
              <Form.Item
                name={[field.name, 'discountPercent']}
                label={t('quotes.discount')}
                {...errorAt(`lines[${i}].discountPercent`)}
              >
                <InputNumber min={0} max={100} precision={0} style={{ width: 90 }} />
              </Form.Item>
              {props.withProductFields && (
                <Form.Item
                  name={[field.name, 'recurring']}
                  valuePropName="checked"
                  label={t('opportunity.recurring')}
                >
                  <Checkbox />
                </Form.Item>
              )}
              {fields.length > 1 && (
                <Button
                  style={{ marginTop: 30 }}
                  aria-label={t('quotes.removeLine')}
                  onClick={() => remove(field.name)}
                >
                  −
                </Button>
              )}
            </Space>
          ))}
          <Button onClick={() => add(EMPTY_LINE)}>{t('quotes.addLine')}</Button>
        </>
      )}
    </Form.List>
  );
}
