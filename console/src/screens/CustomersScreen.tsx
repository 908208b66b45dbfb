// Customer search within the user's record scope: free text, status, kind and tag filters, pages
// by cursor. The search text stays in the page state, never in the URL (it may be personal data).
import { useQuery } from '@apollo/client/react';
import { Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { appendPage, FilterText, LoadMore } from '../app/list-controls';
import { useSignedIn } from '../auth/session-context';
import { ImportCustomers } from '../customers/ImportCustomers';
import { NewCustomer } from '../customers/NewCustomer';
import { mayDoToCustomers } from '../navigation/screens';
import { graphql } from '../graphql/generated';
import {
  type CustomerKind,
  type CustomerSearchFilter,
  type CustomerStatus,
} from '../graphql/generated/graphql';

const SearchCustomers = graphql(`
  query ConsoleCustomers(
    $filter: CustomerSearchFilter
    $first: Int
    $after: String
    $atLeastPosition: String
  ) {
    customers(filter: $filter, first: $first, after: $after, atLeastPosition: $atLeastPosition) {
      edges {
        node {
          id
          displayName
          kind
          status
          updatedAt
          owner {
            id
            displayName
          }
          tags {
            value
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const STATUSES: CustomerStatus[] = ['PROSPECT', 'ACTIVE', 'INACTIVE', 'MERGED', 'ERASED'];
const KINDS: CustomerKind[] = ['PERSON', 'COMPANY'];

interface Filters {
  text?: string;
  statuses?: CustomerStatus[];
  kinds?: CustomerKind[];
  tag?: string;
}

function toFilter(f: Filters): CustomerSearchFilter {
  return {
    text: f.text?.trim() || undefined,
    statuses: f.statuses?.length ? f.statuses : undefined,
    kinds: f.kinds?.length ? f.kinds : undefined,
    tags: f.tag?.trim() ? [f.tag.trim()] : undefined,
  };
}

export function CustomersScreen(): React.ReactElement {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { roles } = useSignedIn().user;
  const [filters] = Form.useForm<Filters>();
  const [filter, setFilter] = useState<CustomerSearchFilter>({});
  // After registering a customer: the list is read at the registration's position, so the new
  // customer is in it at once (the search read model trails the write otherwise).
  const [atLeastPosition, setAtLeastPosition] = useState<string | undefined>();
  const { data, loading, error, fetchMore, refetch } = useQuery(SearchCustomers, {
    variables: { filter, first: 20, atLeastPosition },
  });
  const rows = data?.customers.edges.map((e) => e.node) ?? [];
  const page = data?.customers.pageInfo;

  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('customers.title')}
        </Typography.Title>
      }
      extra={
        <Space wrap>
          {mayDoToCustomers(roles, 'import') && <ImportCustomers />}
          {mayDoToCustomers(roles, 'register') && (
            <NewCustomer
              onCreated={(name, position) => {
                filters.setFieldsValue({ text: name, statuses: [], kinds: [], tag: '' });
                setAtLeastPosition(position);
                setFilter({ text: name });
              }}
            />
          )}
        </Space>
      }
    >
      <Form<Filters>
        form={filters}
        layout="inline"
        onFinish={(f) => {
          const next = toFilter(f);
          // The same search again asks again: the list may have changed since.
          if (JSON.stringify(next) === JSON.stringify(filter)) void refetch();
          else setFilter(next);
        }}
        style={{ rowGap: 8, marginBottom: 16 }}
      >
        <Form.Item name="text">
          <Input
            aria-label={t('common.search')}
            placeholder={t('customers.searchPlaceholder')}
            allowClear
            style={{ width: 240 }}
          />
        </Form.Item>
        <Form.Item name="statuses">
          <Select
            mode="multiple"
            aria-label={t('customers.status')}
            placeholder={t('customers.status')}
            style={{ minWidth: 160 }}
            options={STATUSES.map((s) => ({ value: s, label: s }))}
          />
        </Form.Item>
        <Form.Item name="kinds">
          <Select
            mode="multiple"
            aria-label={t('customers.kind')}
            placeholder={t('customers.kind')}
            style={{ minWidth: 140 }}
            options={KINDS.map((k) => ({
              value: k,
              label: k === 'PERSON' ? t('customers.person') : t('customers.company'),
            }))}
          />
        </Form.Item>
        <FilterText name="tag" label={t('customers.tag')} width={140} />
        <Button type="primary" htmlType="submit">
          {t('common.search')}
        </Button>
      </Form>
      {error && <Typography.Text type="danger">{error.message}</Typography.Text>}
      <Table
        rowKey="id"
        loading={loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('common.empty') }}
        onRow={(row) => ({
          onClick: () => void navigate(`/customers/${row.id}`),
          style: { cursor: 'pointer' },
        })}
        columns={[
          {
            title: t('customers.name'),
            dataIndex: 'displayName',
            render: (name: string, row) => <Link to={`/customers/${row.id}`}>{name}</Link>,
          },
          {
            title: t('customers.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag>{s}</Tag>,
          },
          {
            title: t('customers.kind'),
            dataIndex: 'kind',
            responsive: ['md'],
            render: (k: CustomerKind) =>
              k === 'PERSON' ? t('customers.person') : t('customers.company'),
          },
          {
            title: t('customers.owner'),
            key: 'owner',
            responsive: ['md'],
            render: (_: unknown, row) => row.owner?.displayName ?? '—',
          },
          {
            title: t('customers.tags'),
            key: 'tags',
            responsive: ['lg'],
            render: (_: unknown, row) => (
              <Space size={4} wrap>
                {row.tags.map((tag) => (
                  <Tag key={tag.value}>{tag.value}</Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('customers.updatedAt'),
            dataIndex: 'updatedAt',
            responsive: ['lg'],
            render: (at: string) => new Date(at).toLocaleString(i18n.language),
          },
        ]}
      />
      <LoadMore
        page={page}
        load={(after) =>
          fetchMore({
            variables: { after },
            updateQuery: (prev, { fetchMoreResult }) => ({
              customers: appendPage(prev.customers, fetchMoreResult.customers),
            }),
          })
        }
      />
    </Card>
  );
}
