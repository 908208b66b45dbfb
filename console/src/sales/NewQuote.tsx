// Writes a quote for an open opportunity of the board: its lines (name, category, quantity, unit
// price, discount) and validity. A discount above the approval threshold puts it in the approvers'
// queue. Errors are shown at the line field they name (`lines[1].unitPrice`).
import { useMutation, useQuery } from '@apollo/client/react';
import { DatePicker, Form, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { FormDialog } from '../app/FormDialog';
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

/** The board's open opportunities, fetched when the dialog opens (it renders only then). */
function OpportunitySelect(props: {
  disabled: boolean;
  value?: string;
  onChange?: (id: string) => void;
}): React.ReactElement {
  const board = useQuery(OpenOpportunities);
  const options =
    board.data?.pipelineBoard.columns.flatMap((c) =>
      c.opportunities.map((o) => ({ value: o.opportunityId, label: o.name })),
    ) ?? [];
  return (
    <Select
      {...props}
      showSearch
      optionFilterProp="label"
      loading={board.loading}
      options={options}
    />
  );
}

export function NewQuote(props: {
  onCreated: (position: string) => void;
  /** From an opportunity's page: quote that opportunity, starting from its lines. */
  from?: { opportunityId: string; lines: readonly LineItem[] };
}): React.ReactElement {
  const { t } = useTranslation();
  const [create] = useMutation(CreateQuote);
  const save = async (values: QuoteForm, idempotencyKey: string) => {
    const input = {
      opportunityId: values.opportunityId,
      validUntil: values.validUntil.endOf('day').toISOString(),
      lines: values.lines.map(lineInputOf),
      idempotencyKey,
    };
    return (await create({ variables: { input } })).data?.createQuote.position;
  };
  return (
    <FormDialog<QuoteForm>
      label={t('quotes.new')}
      button={{ type: 'primary' }}
      width={820}
      initialValues={{
        opportunityId: props.from?.opportunityId,
        lines: props.from?.lines.length ? [...props.from.lines] : [EMPTY_LINE],
        validUntil: dayjs().add(30, 'day'),
      }}
      save={save}
      onSaved={props.onCreated}
    >
      {(errorAt) => (
        <>
          <Form.Item
            name="opportunityId"
            label={t('quotes.opportunity')}
            rules={[{ required: true }]}
            {...errorAt('opportunityId')}
          >
            <OpportunitySelect disabled={props.from !== undefined} />
          </Form.Item>
          <Form.Item
            name="validUntil"
            label={t('quotes.validUntilColumn')}
            rules={[{ required: true }]}
            {...errorAt('validUntil')}
          >
            <DatePicker />
          </Form.Item>
          <LineItemsField errorAt={errorAt} />
        </>
      )}
    </FormDialog>
  );
}
