// Writes a quote for an open opportunity of the board: its lines (name, category, quantity, unit
// price, discount) and validity. A discount above the approval threshold puts it in the approvers'
// queue. Errors are shown at the line field they name (`lines[1].unitPrice`).
import { useMutation, useQuery } from '@apollo/client/react';
import { Button, DatePicker, Form, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldStatus, formErrorsOf } from '../app/field-errors';
import { graphql } from '../graphql/generated';
import { EMPTY_LINE, LineItemsField, lineInputOf, type LineItem } from './LineItemsField';

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

interface QuoteForm {
  opportunityId: string;
  validUntil: Dayjs;
  lines: LineItem[];
}

export function NewQuote(props: {
  onCreated: (position: string) => void;
  /** From an opportunity's page: quote that opportunity, starting from its lines. */
  from?: { opportunityId: string; lines: readonly LineItem[] };
}): React.ReactElement {
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
            lines: values.lines.map(lineInputOf),
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
        // A fresh form each time: the opportunity's lines may have changed since the last opening.
        destroyOnHidden
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
          initialValues={{
            opportunityId: props.from?.opportunityId,
            lines: props.from?.lines.length ? props.from.lines : [EMPTY_LINE],
            validUntil: dayjs().add(30, 'day'),
          }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item
            name="opportunityId"
            label={t('quotes.opportunity')}
            rules={[{ required: true }]}
            {...errorAt('opportunityId')}
          >
            <Select
              disabled={props.from !== undefined}
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
          <LineItemsField errors={errors} />
          {errors[''] && <Typography.Text type="danger">{errors['']}</Typography.Text>}
        </Form>
      </Modal>
    </>
  );
}
