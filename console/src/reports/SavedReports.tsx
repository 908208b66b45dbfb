// Saved reports: save a custom report for yourself, your team or everyone of a role; list what you
// may run, run one (in your own record scope), schedule its e-mail digest and delete your own.
// Errors of the gateway are shown at the field they name; the list is read again after each
// change (saved reports live in the gateway's own database, so the answer already holds it).
import { useMutation, useQuery } from '@apollo/client/react';
import {
  Alert,
  Button,
  Checkbox,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldStatus, formErrorsOf } from '../app/field-errors';
import { useSignedIn } from '../auth/session-context';
import { graphql } from '../graphql/generated';
import { EVERY_ROLE } from '../navigation/screens';
import type { Role } from '../graphql/generated/graphql';
import { ReportPanel } from './ReportPanel';
import { definitionOfStandard, type ReportDefinition } from './report-view';

const Saved = graphql(`
  query ConsoleSavedReports {
    savedReports {
      id
      name
      ownerUserId
      sharedWithTeamId
      sharedWithRole
      createdAt
      definition {
        dataset
        dimensions
        measures
        filters {
          dimension
          values
        }
        timeGrain
        from
        to
      }
    }
  }
`);

const SaveReport = graphql(`
  mutation ConsoleSaveReport($input: SaveReportInput!) {
    saveReport(input: $input) {
      id
      name
    }
  }
`);

const RunSaved = graphql(`
  query ConsoleRunSavedReport($id: String!) {
    runSavedReport(id: $id) {
      ...ConsoleReportFields
    }
  }
`);

const Digest = graphql(`
  query ConsoleReportDigest($id: String!) {
    reportDigest(savedReportId: $id) {
      cron
      timeZone
      nextAt
    }
  }
`);

const ScheduleDigest = graphql(`
  mutation ConsoleScheduleReportDigest($id: String!, $cron: String!, $timeZone: String!) {
    scheduleReportDigest(savedReportId: $id, cron: $cron, timeZone: $timeZone) {
      cron
      timeZone
      nextAt
    }
  }
`);

const CancelDigest = graphql(`
  mutation ConsoleCancelReportDigest($id: String!) {
    cancelReportDigest(savedReportId: $id)
  }
`);

const DeleteSaved = graphql(`
  mutation ConsoleDeleteSavedReport($id: String!) {
    deleteSavedReport(id: $id)
  }
`);

/** Every role a report may be shared with (the session's role names are the API's). */
const ROLES = EVERY_ROLE as readonly Role[];

/** Auditors run saved reports but save, schedule and delete nothing. */
function useMayAuthor(): boolean {
  return !useSignedIn().user.roles.every((r) => r === 'AUDITOR');
}

interface SaveForm {
  name: string;
  shareWithTeam: boolean;
  shareWithRole?: Role;
}

/** "Save" beside a custom report that ran: name and sharing, errors at their field. */
export function SaveReportButton(props: {
  definition: ReportDefinition;
}): React.ReactElement | null {
  const { t } = useTranslation();
  const mayAuthor = useMayAuthor();
  const [open, setOpen] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const [save, { loading }] = useMutation(SaveReport, { refetchQueries: [Saved] });
  const [form] = Form.useForm<SaveForm>();
  if (!mayAuthor) return null;

  const submit = async (values: SaveForm) => {
    setErrors({});
    try {
      const result = await save({
        variables: {
          input: {
            name: values.name,
            shareWithTeam: values.shareWithTeam,
            shareWithRole: values.shareWithRole ?? null,
            definition: props.definition,
          },
        },
      });
      setSaved(result.data?.saveReport.name ?? null);
      setOpen(false);
      form.resetFields();
    } catch (e) {
      setErrors(formErrorsOf(e));
    }
  };

  return (
    <>
      <Space>
        <Button onClick={() => setOpen(true)}>{t('reports.save')}</Button>
        {saved && (
          <Typography.Text type="success" data-testid="report-saved">
            {t('reports.savedAs', { name: saved })}
          </Typography.Text>
        )}
      </Space>
      <Modal
        open={open}
        title={t('reports.save')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={loading}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
      >
        <Form<SaveForm>
          form={form}
          layout="vertical"
          initialValues={{ shareWithTeam: false }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item
            name="name"
            label={t('reports.name')}
            rules={[{ required: true, whitespace: true, max: 100 }]}
            {...fieldStatus(errors, 'name')}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="shareWithTeam"
            valuePropName="checked"
            {...fieldStatus(errors, 'shareWithTeam')}
          >
            <Checkbox>{t('reports.shareWithTeam')}</Checkbox>
          </Form.Item>
          <Form.Item name="shareWithRole" label={t('reports.shareWithRole')}>
            <Select
              aria-label={t('reports.shareWithRole')}
              allowClear
              options={ROLES.map((r) => ({ value: r, label: t(`reports.roles.${r}`) }))}
            />
          </Form.Item>
          {errors[''] && <Typography.Text type="danger">{errors['']}</Typography.Text>}
        </Form>
      </Modal>
    </>
  );
}

interface DigestForm {
  cron: string;
  timeZone: string;
}

/** The digest schedule of one of your saved reports: set, replace or stop it. */
function DigestSchedule(props: { id: string }): React.ReactElement {
  const { t } = useTranslation();
  const { data, refetch } = useQuery(Digest, {
    variables: { id: props.id },
    fetchPolicy: 'network-only',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [schedule, { loading }] = useMutation(ScheduleDigest);
  const [cancel] = useMutation(CancelDigest);
  const digest = data?.reportDigest;
  const submit = async (values: DigestForm) => {
    setErrors({});
    try {
      await schedule({ variables: { id: props.id, ...values } });
      await refetch();
    } catch (e) {
      setErrors(formErrorsOf(e));
    }
  };
  return (
    <div data-testid="report-digest">
      <Typography.Title level={5}>{t('reports.digest')}</Typography.Title>
      {digest ? (
        <Space wrap>
          <Typography.Text data-testid="report-digest-next">
            {t('reports.digestNext', {
              cron: digest.cron,
              zone: digest.timeZone,
              at: digest.nextAt,
            })}
          </Typography.Text>
          <Button
            onClick={() => void cancel({ variables: { id: props.id } }).then(() => refetch())}
          >
            {t('reports.digestStop')}
          </Button>
        </Space>
      ) : (
        <Typography.Text type="secondary">{t('reports.digestNone')}</Typography.Text>
      )}
      <Form<DigestForm>
        layout="inline"
        initialValues={{ cron: '0 8 * * 1', timeZone: 'UTC' }}
        onFinish={(v) => void submit(v)}
        style={{ marginTop: 8, rowGap: 8 }}
      >
        <Form.Item
          name="cron"
          label={t('reports.cron')}
          rules={[{ required: true }]}
          {...fieldStatus(errors, 'cron')}
        >
          <Input style={{ width: 140 }} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="timeZone"
          label={t('reports.timeZone')}
          rules={[{ required: true }]}
          {...fieldStatus(errors, 'timeZone')}
        >
          <Input style={{ width: 180 }} autoComplete="off" />
        </Form.Item>
        <Button htmlType="submit" loading={loading}>
          {t('reports.digestSchedule')}
        </Button>
      </Form>
    </div>
  );
}

type SavedReport = NonNullable<ReturnType<typeof useSaved>['data']>['savedReports'][number];
const useSaved = () => useQuery(Saved, { fetchPolicy: 'cache-and-network' });

function SavedReportView(props: { report: SavedReport; own: boolean }): React.ReactElement {
  const { report } = props;
  const { data, error, loading } = useQuery(RunSaved, {
    variables: { id: report.id },
    fetchPolicy: 'network-only',
  });
  const definition: ReportDefinition = {
    ...definitionOfStandard(report.definition),
    ...(report.definition.from ? { from: report.definition.from } : {}),
    ...(report.definition.to ? { to: report.definition.to } : {}),
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {error && <Alert type="error" message={error.message} />}
      {loading && !data && <Typography.Text type="secondary">…</Typography.Text>}
      {data && (
        <ReportPanel definition={definition} result={data.runSavedReport} testId="saved-report" />
      )}
      {props.own && <DigestSchedule id={report.id} />}
    </Space>
  );
}

/** The saved-reports tab: yours and those shared with you; run, schedule, delete. */
export function SavedReports(): React.ReactElement {
  const { t } = useTranslation();
  const session = useSignedIn();
  const mayAuthor = useMayAuthor();
  const { data, error } = useSaved();
  const [openId, setOpenId] = useState<string | null>(null);
  const [remove] = useMutation(DeleteSaved, { refetchQueries: [Saved] });
  const reports = data?.savedReports ?? [];
  const open = reports.find((r) => r.id === openId);
  return (
    <>
      {error && <Alert type="error" message={error.message} />}
      <List
        data-testid="saved-reports"
        locale={{ emptyText: t('reports.noSaved') }}
        dataSource={reports}
        renderItem={(report) => {
          const own = report.ownerUserId === session.user.id;
          return (
            <List.Item
              actions={[
                <Button key="run" type="link" onClick={() => setOpenId(report.id)}>
                  {t('reports.open')}
                </Button>,
                ...(own && mayAuthor
                  ? [
                      <Popconfirm
                        key="delete"
                        title={t('reports.deleteConfirm')}
                        okText={t('reports.delete')}
                        cancelText={t('common.cancel')}
                        onConfirm={() => {
                          if (openId === report.id) setOpenId(null);
                          void remove({ variables: { id: report.id } });
                        }}
                      >
                        <Button type="link" danger>
                          {t('reports.delete')}
                        </Button>
                      </Popconfirm>,
                    ]
                  : []),
              ]}
            >
              <List.Item.Meta
                title={report.name}
                description={
                  <Space wrap size={4}>
                    <Tag>{report.definition.dataset}</Tag>
                    {!own && <Tag>{t('reports.sharedWithYou')}</Tag>}
                    {report.sharedWithTeamId && <Tag color="blue">{t('reports.team')}</Tag>}
                    {report.sharedWithRole && (
                      <Tag color="purple">{t(`reports.roles.${report.sharedWithRole}`)}</Tag>
                    )}
                  </Space>
                }
              />
            </List.Item>
          );
        }}
      />
      {open && (
        <div style={{ marginTop: 16 }}>
          <Typography.Title level={5}>{open.name}</Typography.Title>
          <SavedReportView
            key={open.id}
            report={open}
            own={open.ownerUserId === session.user.id && mayAuthor}
          />
        </div>
      )}
    </>
  );
}
