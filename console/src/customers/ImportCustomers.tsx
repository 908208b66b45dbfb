// A CSV import of customers with its progress live: the file is read in the browser, its columns
// mapped to customer fields (guessed from the header, changeable), the import started, and the
// gateway's importProgress subscription (graphql-ws) moves the counters until it completes. Then
// the row report lists the rejected rows with the field and reason of each.
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import {
  Alert,
  Button,
  Descriptions,
  Modal,
  Progress,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../graphql/generated';
import { guessMapping, headerOf, IMPORT_TARGETS } from './import-mapping';

export const ImportJobFields = graphql(`
  fragment ConsoleImportJob on ImportJob {
    importId
    state
    rowsRead
    rowsCreated
    rowsLinked
    rowsSkipped
    rowsRejected
    error {
      code
      message
    }
  }
`);

const StartImport = graphql(`
  mutation ConsoleImportCustomers($input: ImportCustomersInput!) {
    importCustomers(input: $input) {
      ...ConsoleImportJob
    }
  }
`);

const Progress$ = graphql(`
  subscription ConsoleImportProgress($id: ID!) {
    importProgress(id: $id) {
      ...ConsoleImportJob
    }
  }
`);

const RowReport = graphql(`
  query ConsoleImportRowReport($id: ID!) {
    importStatus(id: $id, rejectedFirst: 100) {
      ...ConsoleImportJob
      rejected {
        rowNumber
        externalId
        reasons {
          field
          code
          message
        }
      }
    }
  }
`);

type Job = NonNullable<ReturnType<typeof useStartImport>[1]['data']>['importCustomers'];
const useStartImport = () => useMutation(StartImport);

function Counters(props: { job: Job }): React.ReactElement {
  const { t } = useTranslation();
  const { job } = props;
  const done = job.rowsCreated + job.rowsLinked + job.rowsSkipped + job.rowsRejected;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="import-progress">
      <Progress
        percent={
          job.state === 'RUNNING'
            ? Math.min(99, Math.round((done / Math.max(job.rowsRead, 1)) * 100))
            : 100
        }
        status={
          job.state === 'FAILED' ? 'exception' : job.state === 'COMPLETED' ? 'success' : 'active'
        }
        aria-label={t('import.progress')}
      />
      <Descriptions size="small" column={3}>
        <Descriptions.Item label={t('import.state')}>
          <Tag data-testid="import-state">{job.state}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('import.read')}>{job.rowsRead}</Descriptions.Item>
        <Descriptions.Item label={t('import.created')}>
          <span data-testid="import-created">{job.rowsCreated}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('import.linked')}>{job.rowsLinked}</Descriptions.Item>
        <Descriptions.Item label={t('import.skipped')}>{job.rowsSkipped}</Descriptions.Item>
        <Descriptions.Item label={t('import.rejected')}>
          <span data-testid="import-rejected">{job.rowsRejected}</span>
        </Descriptions.Item>
      </Descriptions>
      {job.error && <Alert type="error" message={`${job.error.code}: ${job.error.message}`} />}
    </Space>
  );
}

function Rejected(props: { importId: string }): React.ReactElement {
  const { t } = useTranslation();
  const { data } = useQuery(RowReport, {
    variables: { id: props.importId },
    fetchPolicy: 'network-only',
  });
  const rows = data?.importStatus.rejected ?? [];
  if (rows.length === 0) return <></>;
  return (
    <Table
      size="small"
      rowKey="rowNumber"
      data-testid="import-row-report"
      dataSource={rows}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      columns={[
        { title: t('import.row'), dataIndex: 'rowNumber' },
        {
          title: t('import.problems'),
          key: 'reasons',
          render: (_: unknown, row) =>
            row.reasons.map((r) => (
              <div key={`${r.field}-${r.code}`}>
                <Typography.Text code>{r.field}</Typography.Text> {r.message}
              </div>
            )),
        },
      ]}
    />
  );
}

export function ImportCustomers(): React.ReactElement {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<{ name: string; csv: string } | null>(null);
  const [mapping, setMapping] = useState<{ column: string; target: string }[]>([]);
  const [job, setJob] = useState<Job | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [start, starting] = useStartImport();
  useSubscription(Progress$, {
    variables: { id: job?.importId ?? '' },
    skip: !job || job.state !== 'RUNNING',
    onData: ({ data }) => {
      const next = data.data?.importProgress;
      if (next) setJob(next);
    },
  });

  const read = async (chosen: File) => {
    const csv = await chosen.text();
    setFile({ name: chosen.name, csv });
    setMapping(guessMapping(headerOf(csv)));
    setJob(null);
    setFailure(null);
  };
  const begin = async () => {
    if (!file) return;
    setFailure(null);
    try {
      const result = await start({
        variables: {
          input: {
            csv: file.csv,
            fileName: file.name,
            importId: crypto.randomUUID(),
            mapping: mapping.filter((m) => m.target !== 'ignore'),
          },
        },
      });
      if (result.data) setJob(result.data.importCustomers);
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
    }
  };
  const close = () => {
    setOpen(false);
    setFile(null);
    setMapping([]);
    setJob(null);
  };

  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('import.title')}</Button>
      <Modal
        open={open}
        width={760}
        title={t('import.title')}
        onCancel={close}
        footer={
          <Space>
            <Button onClick={close}>{t('import.close')}</Button>
            {!job && (
              <Button
                type="primary"
                disabled={!file || mapping.every((m) => m.target === 'ignore')}
                loading={starting.loading}
                onClick={() => void begin()}
              >
                {t('import.start')}
              </Button>
            )}
          </Space>
        }
      >
        {!job && (
          <Upload
            accept=".csv,text/csv"
            maxCount={1}
            showUploadList={false}
            beforeUpload={(chosen) => {
              void read(chosen);
              // Read here, sent as the mutation's text: nothing is uploaded by the component.
              return false;
            }}
          >
            <Button>{file ? file.name : t('import.chooseFile')}</Button>
          </Upload>
        )}
        {!job && mapping.length > 0 && (
          <Table
            size="small"
            style={{ marginTop: 16 }}
            rowKey="column"
            pagination={false}
            dataSource={mapping}
            columns={[
              { title: t('import.column'), dataIndex: 'column' },
              {
                title: t('import.target'),
                key: 'target',
                render: (_: unknown, m) => (
                  <Select
                    aria-label={`${t('import.target')} ${m.column}`}
                    value={m.target}
                    style={{ width: 200 }}
                    showSearch
                    options={IMPORT_TARGETS.map((target) => ({ value: target, label: target }))}
                    onChange={(target: string) =>
                      setMapping(mapping.map((x) => (x.column === m.column ? { ...x, target } : x)))
                    }
                  />
                ),
              },
            ]}
          />
        )}
        {failure && <Alert type="error" message={failure} style={{ marginTop: 16 }} />}
        {job && <Counters job={job} />}
        {job && job.state !== 'RUNNING' && <Rejected importId={job.importId} />}
      </Modal>
    </>
  );
}
