// Writes a quote for an open opportunity of the board: its lines (name, category, quantity, unit
// price, discount) and validity. A discount above the approval threshold puts it in the approvers'
// queue. Errors are shown at the line field they name (`lines[1].unitPrice`).
import { useMutation, useQuery } from '@apollo/client/react';
import {
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldStatus, formErrorsOf } from '../app/field-errors';
import { graphql } from '../graphql/generated';

const OpenOpportunities = graphql(`
  query ConsoleQuoteOpportunities {
    pipelineBoard {
      pipelineId
      columns {
        stageId
        opportunities {
          opportunityId
          name
        }
      }
    }
  }
`);

const CreateQuote = graphql(`
  mutation ConsoleCreateQuote($input: CreateQuoteInput!) {
    createQuote(input: $input) {
      position
    }
  }
`);

interface QuoteLine {
  name: string;
  category: string;
  quantity: number;
  unitPrice: string;
  discountPercent?: number;
}

interface QuoteForm {
  opportunityId: string;
  validUntil: Dayjs;
  lines: QuoteLine[];
}

const EMPTY_LINE: Partial<QuoteLine> = { quantity: 1, discountPercent: 0 };

export function NewQuote(props: { onCreated: (position: string) => void }): React.ReactElement {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [attempt, setAttempt] = useState(() => crypto.randomUUID());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [form] = Form.useForm<QuoteForm>();
  const board = useQuery(OpenOpportunities, { skip: !open });
  const [create, { loading }] = useMutation(CreateQuote);
  const opportunities =
    board.data?.pipelineBoard.columns.flatMap((c) =>
      c.opportunities.map((o) => ({ value: o.opportunityId, label: o.name })),
    ) ?? [];
  const errorAt = (path: string) => fieldStatus(errors, path);

  const submit = async (values: QuoteForm) => {
    setErrors({});
    try {
      const result = await create({
        variables: {
          input: {
            opportunityId: values.opportunityId,
            validUntil: values.validUntil.endOf('day').toISOString(),
            lines: values.lines.map((line) => ({
              name: line.name,
              category: line.category,
              quantity: line.quantity,
              unitPrice: line.unitPrice,
              discountPercent: line.discountPercent ?? 0,
            })),
            idempotencyKey: `console-quote-${attempt}`,
          },
        },
      });
      if (!result.data) return;
      setOpen(false);
      form.resetFields();
      setAttempt(crypto.randomUUID());
      props.onCreated(result.data.createQuote.position);
    } catch (e) {
      setErrors(formErrorsOf(e));
    }
  };

  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        {t('quotes.new')}
      </Button>
      <Modal
        open={open}
        width={820}
        title={t('quotes.new')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={loading}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
      >
        <Form<QuoteForm>
          form={form}
          layout="vertical"
          initialValues={{ lines: [EMPTY_LINE], validUntil: dayjs().add(30, 'day') }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item
            name="opportunityId"
            label={t('quotes.opportunity')}
            rules={[{ required: true }]}
            {...errorAt('opportunityId')}
          >
            <Select
              showSearch
              optionFilterProp="label"
              loading={board.loading}
              options={opportunities}
            />
          </Form.Item>
          <Form.Item
            name="validUntil"
            label={t('quotes.validUntilColumn')}
            rules={[{ required: true }]}
            {...errorAt('validUntil')}
          >
            <DatePicker />
          </Form.Item>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, i) => (
                  <Space key={field.key} wrap align="start" data-testid="quote-line">
                    <Form.Item
                      name={[field.name, 'name']}
                      label={t('quotes.lineName')}
                      rules={[{ required: true, whitespace: true }]}
                      {...errorAt(`lines[${i}].name`)}
                    >
                      <Input />
                    </Form.Item>
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
                      rules={[{ required: true, pattern: /^\d+(\.\d{1,2})?$/ }]}
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
          {errors[''] && <Typography.Text type="danger">{errors['']}</Typography.Text>}
        </Form>
      </Modal>
    </>
  );
}
