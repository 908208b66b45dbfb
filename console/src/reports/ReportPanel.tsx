// One report result: its chart, how fresh its figures are, the rows (click one to drill down to
// the records behind it) and CSV/XLSX downloads of the same definition.
import { useApolloClient, useQuery } from '@apollo/client/react';
import { Alert, Button, Drawer, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../graphql/generated';
import type { ReportExportFormat } from '../graphql/generated/graphql';
import { BarChart } from '../app/BarChart';
import { saveFile } from '../app/save-file';
import {
  bytesOfBase64,
  chartOptionOf,
  rowLabel,
  stalenessOf,
  type ReportDefinition,
  type ReportShape,
} from './report-view';

export const ReportColumn = graphql(`
  fragment ConsoleReportColumn on ReportColumn {
    key
    label
  }
`);

export const ReportFields = graphql(`
  fragment ConsoleReportFields on ReportResult {
    dataset
    generatedAt
    rowCount
    dimensions {
      ...ConsoleReportColumn
    }
    measures {
      ...ConsoleReportColumn
    }
    rows {
      dimensions
      values
    }
    totals
    freshness {
      projection
      appliedPosition
      storeHead
      eventsBehind
    }
  }
`);

const DrillDown = graphql(`
  query ConsoleReportDrillDown($definition: ReportDefinitionInput!, $cell: [String!]!) {
    reportDrillDown(definition: $definition, cell: $cell, limit: 50) {
      truncated
      records {
        key
        value
      }
    }
  }
`);

const Export = graphql(`
  query ConsoleReportExport($definition: ReportDefinitionInput!, $format: ReportExportFormat!) {
    exportReport(definition: $definition, format: $format) {
      filename
      contentType
      contentBase64
    }
  }
`);

interface Result extends ReportShape {
  generatedAt: string;
  rowCount: number;
  freshness: {
    projection: string;
    appliedPosition: string;
    storeHead: string;
    eventsBehind: number;
  };
}

function Freshness(props: { result: Result }): React.ReactElement {
  const { t, i18n } = useTranslation();
  const { freshness } = props.result;
  const staleness = stalenessOf(freshness);
  return (
    <Tooltip
      title={t('reports.freshnessDetail', {
        applied: freshness.appliedPosition,
        head: freshness.storeHead,
        at: new Date(props.result.generatedAt).toLocaleString(i18n.language),
      })}
    >
      <Tag color={staleness.kind === 'current' ? 'green' : 'orange'} data-testid="report-freshness">
        {staleness.kind === 'current'
          ? t('reports.current')
          : t('reports.behind', { count: staleness.events })}
      </Tag>
    </Tooltip>
  );
}

function DrillDownDrawer(props: {
  definition: ReportDefinition;
  cell: string[] | null;
  onClose: () => void;
}): React.ReactElement {
  const { t } = useTranslation();
  const { data, loading, error } = useQuery(DrillDown, {
    variables: { definition: props.definition, cell: props.cell ?? [] },
    skip: props.cell === null,
    fetchPolicy: 'network-only',
  });
  const records = data?.reportDrillDown.records ?? [];
  const keys = records[0]?.map((f) => f.key) ?? [];
  return (
    <Drawer
      open={props.cell !== null}
      onClose={props.onClose}
      width={720}
      title={t('reports.drillDownOf', { row: rowLabel(props.cell ?? [], t('reports.total')) })}
    >
      {error && <Alert type="error" message={error.message} />}
      {data?.reportDrillDown.truncated && <Alert type="info" message={t('reports.truncated')} />}
      <Table
        data-testid="drill-down"
        size="small"
        loading={loading}
        rowKey="__row"
        dataSource={records.map((fields, row) => ({
          __row: row,
          ...Object.fromEntries(fields.map((f) => [f.key, f.value])),
        }))}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: true }}
        columns={keys.map((key) => ({ title: key, dataIndex: key }))}
      />
    </Drawer>
  );
}

function ExportButtons(props: { definition: ReportDefinition }): React.ReactElement {
  const { t } = useTranslation();
  const client = useApolloClient();
  const [busy, setBusy] = useState<ReportExportFormat | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  async function download(format: ReportExportFormat): Promise<void> {
    setBusy(format);
    setFailure(null);
    try {
      const { data } = await client.query({
        query: Export,
        variables: { definition: props.definition, format },
        fetchPolicy: 'network-only',
      });
      if (!data) return;
      const file = data.exportReport;
      saveFile(bytesOfBase64(file.contentBase64), file.contentType, file.filename);
    } catch (e) {
      setFailure((e as Error).message);
    } finally {
      setBusy(null);
    }
  }
  return (
    <Space>
      {(['CSV', 'XLSX'] as const).map((format) => (
        <Button
          key={format}
          size="small"
          loading={busy === format}
          onClick={() => void download(format)}
        >
          {t('reports.download', { format })}
        </Button>
      ))}
      {failure && <Typography.Text type="danger">{failure}</Typography.Text>}
    </Space>
  );
}

export function ReportPanel(props: {
  definition: ReportDefinition;
  result: Result;
  testId?: string;
}): React.ReactElement {
  const { t } = useTranslation();
  const { result, definition } = props;
  const [cell, setCell] = useState<string[] | null>(null);
  const hasRows = result.dimensions.length > 0;
  const rows = hasRows
    ? result.rows.map((row) => ({ key: row.dimensions.join('\u0000'), ...row }))
    : [{ key: 'total', dimensions: [] as string[], values: result.totals }];
  return (
    <div data-testid={props.testId}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Freshness result={result} />
        <Typography.Text type="secondary">
          {t('reports.rows', { count: result.rowCount })}
        </Typography.Text>
        <ExportButtons definition={definition} />
      </Space>
      <BarChart
        style={{ height: 260 }}
        label={result.measures.map((m) => m.label).join(', ')}
        option={chartOptionOf(result, t('reports.total'))}
      />
      <Table
        size="small"
        rowKey="key"
        dataSource={rows}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: true }}
        onRow={(row) => ({
          onClick: () => setCell([...row.dimensions]),
          style: { cursor: 'pointer' },
          'data-testid': 'report-row',
        })}
        columns={[
          ...result.dimensions.map((d, i) => ({
            title: d.label,
            key: d.key,
            render: (_: unknown, row: (typeof rows)[number]) => row.dimensions[i] || '—',
          })),
          ...result.measures.map((m, i) => ({
            title: m.label,
            key: m.key,
            align: 'right' as const,
            render: (_: unknown, row: (typeof rows)[number]) => formatValue(row.values[i]),
          })),
        ]}
        summary={() =>
          hasRows ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={result.dimensions.length}>
                {t('reports.total')}
              </Table.Summary.Cell>
              {result.totals.map((v, i) => (
                <Table.Summary.Cell key={i} index={i + 1} align="right">
                  {formatValue(v)}
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          ) : null
        }
      />
      <Typography.Text type="secondary">{t('reports.drillHint')}</Typography.Text>
      <DrillDownDrawer definition={definition} cell={cell} onClose={() => setCell(null)} />
    </div>
  );
}

const formatValue = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(2);
