// A simple custom report: a dataset, up to three dimensions (or `period` with a time grain), one
// to eight measures and an optional window; the gateway validates the definition and names the
// field it refuses.
import { useQuery } from '@apollo/client/react';
import { Alert, Button, DatePicker, Form, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../graphql/generated';
import { ReportPanel } from './ReportPanel';
import { SaveReportButton } from './SavedReports';
import { type ReportDefinition } from './report-view';

const Datasets = graphql(`
  query ConsoleReportDatasets {
    reportDatasets {
      name
      label
      dimensions {
        ...ConsoleReportColumn
      }
      measures {
        ...ConsoleReportColumn
      }
    }
  }
`);

const Run = graphql(`
  query ConsoleCustomReport($definition: ReportDefinitionInput!) {
    report(definition: $definition) {
      ...ConsoleReportFields
    }
  }
`);

const GRAINS = ['day', 'month', 'quarter', 'year'] as const;

interface Values {
  dataset?: string;
  dimensions?: string[];
  measures?: string[];
  timeGrain?: (typeof GRAINS)[number];
  window?: [{ toISOString(): string } | null, { toISOString(): string } | null] | null;
}

export function ReportBuilder(): React.ReactElement {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const datasetName = Form.useWatch('dataset', form);
  const chosen = Form.useWatch('dimensions', form) ?? [];
  const { data } = useQuery(Datasets);
  const dataset = data?.reportDatasets.find((d) => d.name === datasetName);
  const [definition, setDefinition] = useState<ReportDefinition | null>(null);
  const result = useQuery(Run, {
    variables: { definition: definition ?? { dataset: '', dimensions: [], measures: [] } },
    skip: definition === null,
    fetchPolicy: 'network-only',
  });

  function run(values: Values): void {
    const [from, to] = values.window ?? [null, null];
    const dimensions = values.dimensions ?? [];
    setDefinition({
      dataset: values.dataset ?? '',
      dimensions,
      measures: values.measures ?? [],
      ...(dimensions.includes('period') ? { timeGrain: values.timeGrain ?? 'month' } : {}),
      ...(from ? { from: from.toISOString() } : {}),
      ...(to ? { to: to.toISOString() } : {}),
    });
  }

  return (
    <>
      <Form
        form={form}
        layout="inline"
        onFinish={run}
        style={{ rowGap: 8, marginBottom: 16 }}
        onValuesChange={(changed: Values) => {
          if ('dataset' in changed) form.setFieldsValue({ dimensions: [], measures: [] });
        }}
      >
        <Form.Item name="dataset" label={t('reports.dataset')} rules={[{ required: true }]}>
          <Select
            aria-label={t('reports.dataset')}
            style={{ width: 200 }}
            options={(data?.reportDatasets ?? []).map((d) => ({ value: d.name, label: d.label }))}
          />
        </Form.Item>
        <Form.Item name="dimensions" label={t('reports.dimensions')}>
          <Select
            aria-label={t('reports.dimensions')}
            mode="multiple"
            maxCount={3}
            style={{ minWidth: 220 }}
            options={[
              ...(dataset?.dimensions ?? []).map((d) => ({ value: d.key, label: d.label })),
              ...(dataset ? [{ value: 'period', label: t('reports.period') }] : []),
            ]}
          />
        </Form.Item>
        {chosen.includes('period') && (
          <Form.Item name="timeGrain" label={t('reports.timeGrain')} initialValue="month">
            <Select
              aria-label={t('reports.timeGrain')}
              style={{ width: 120 }}
              options={GRAINS.map((g) => ({ value: g, label: t(`reports.grains.${g}`) }))}
            />
          </Form.Item>
        )}
        <Form.Item name="measures" label={t('reports.measures')} rules={[{ required: true }]}>
          <Select
            aria-label={t('reports.measures')}
            mode="multiple"
            maxCount={8}
            style={{ minWidth: 220 }}
            options={(dataset?.measures ?? []).map((m) => ({ value: m.key, label: m.label }))}
          />
        </Form.Item>
        <Form.Item name="window" label={t('reports.window')}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('reports.run')}
          </Button>
        </Space>
      </Form>
      {result.error && <Alert type="error" message={result.error.message} />}
      {definition && result.data && (
        <>
          <SaveReportButton definition={definition} />
          <ReportPanel definition={definition} result={result.data.report} testId="custom-report" />
        </>
      )}
    </>
  );
}
