// Reports: the standard packs as dashboards (one chart per report, its freshness, drill-down and
// downloads), a simple custom report builder over the declared datasets, and saved reports (shared,
// run in your scope, mailed as digests).
import { useQuery } from '@apollo/client/react';
import { Alert, Card, Col, Row, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { graphql } from '../graphql/generated';
import { definitionOfStandard } from './report-view';
import { ReportBuilder } from './ReportBuilder';
import { ReportPanel } from './ReportPanel';
import { SavedReports } from './SavedReports';

const Standard = graphql(`
  query ConsoleStandardReports {
    standardReports {
      pack
      name
      dataset
      dimensions
      measures
      filters {
        dimension
        values
      }
      timeGrain
    }
  }
`);

const RunStandard = graphql(`
  query ConsoleStandardReport($pack: String!, $name: String!) {
    standardReport(pack: $pack, name: $name) {
      ...ConsoleReportFields
    }
  }
`);

type Info = NonNullable<ReturnType<typeof useStandard>['data']>['standardReports'][number];
const useStandard = () => useQuery(Standard);

function StandardReportCard(props: { info: Info }): React.ReactElement {
  const { t } = useTranslation();
  const { info } = props;
  const { data, loading, error } = useQuery(RunStandard, {
    variables: { pack: info.pack, name: info.name },
    fetchPolicy: 'cache-and-network',
  });
  return (
    <Card
      size="small"
      loading={loading && !data}
      title={t(`reports.names.${info.name}`, { defaultValue: info.name })}
      data-testid={`report-${info.pack}-${info.name}`}
    >
      {error && <Alert type="error" message={error.message} />}
      {data && <ReportPanel definition={definitionOfStandard(info)} result={data.standardReport} />}
    </Card>
  );
}

function Dashboards(): React.ReactElement {
  const { t } = useTranslation();
  const { data, error } = useStandard();
  const packs = [...new Set((data?.standardReports ?? []).map((r) => r.pack))];
  return (
    <>
      {error && <Alert type="error" message={error.message} />}
      <Tabs
        items={packs.map((pack) => ({
          key: pack,
          label: t(`reports.packs.${pack}`, { defaultValue: pack }),
          children: (
            <Row gutter={[16, 16]}>
              {(data?.standardReports ?? [])
                .filter((r) => r.pack === pack)
                .map((info) => (
                  <Col key={info.name} xs={24} xl={12}>
                    <StandardReportCard info={info} />
                  </Col>
                ))}
            </Row>
          ),
        }))}
      />
    </>
  );
}

export function ReportsScreen(): React.ReactElement {
  const { t } = useTranslation();
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('reports.title')}
        </Typography.Title>
      }
    >
      <Tabs
        items={[
          { key: 'dashboards', label: t('reports.dashboards'), children: <Dashboards /> },
          { key: 'builder', label: t('reports.builder'), children: <ReportBuilder /> },
          { key: 'saved', label: t('reports.saved'), children: <SavedReports /> },
        ]}
      />
    </Card>
  );
}
