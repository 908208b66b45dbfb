// Customer 360: profile (editable), contacts, consent per channel, purchases and the timeline.
// After a change the screen reads its own write: it asks again with the mutation's position as
// `atLeastPosition`, so what it shows already contains the change (docs/graphql.md).
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Row,
  Space,
  Switch,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { fieldErrorsOf } from '../app/field-errors';
import { CustomerRecordActions } from '../customers/CustomerRecordActions';
import { useSignedIn } from '../auth/session-context';
import { screensFor } from '../navigation/screens';
import { graphql } from '../graphql/generated';
import { type ConsentChannel } from '../graphql/generated/graphql';

const Customer360 = graphql(`
  query ConsoleCustomer360($id: ID!, $atLeastPosition: String) {
    customer(id: $id, atLeastPosition: $atLeastPosition) {
      id
      displayName
      kind
      status
      version
      person {
        firstName
        lastName
      }
      company {
        legalName
        industry
      }
      owner {
        id
        displayName
      }
      tags {
        value
      }
      contacts {
        id
        kind
        email
        phone
        label
        primary
      }
      consents {
        channel
        granted
        since
      }
      purchases {
        orderCount
        lastPurchaseAt
        totals {
          amount
          currency
        }
      }
      sales {
        openOpportunities
        openPipeline {
          amount
          currency
        }
        nextExpectedCloseOn
      }
      serviceDesk {
        openTickets
      }
      loyalty {
        tier
        availablePoints
        churnBand
      }
    }
    customerTimeline(id: $id, first: 20, atLeastPosition: $atLeastPosition) {
      edges {
        node {
          id
          type
          summary
          occurredAt
        }
      }
    }
  }
`);

const UpdateProfile = graphql(`
  mutation ConsoleUpdateProfile($input: UpdateProfileInput!) {
    updateCustomerProfile(input: $input) {
      position
    }
  }
`);

const GrantConsent = graphql(`
  mutation ConsoleGrantConsent($input: ConsentInput!) {
    grantConsent(input: $input) {
      position
    }
  }
`);

const WithdrawConsent = graphql(`
  mutation ConsoleWithdrawConsent($input: ConsentInput!) {
    withdrawConsent(input: $input) {
      position
    }
  }
`);

// Another user's change (or an import, a merge) shows without a reload: each change event of this
// customer asks for the 360 again.
const CustomerChanged = graphql(`
  subscription ConsoleCustomerChanged($id: ID!) {
    customerChanged(id: $id) {
      eventId
      eventType
      streamVersion
    }
  }
`);

const CHANNELS: ConsentChannel[] = ['EMAIL', 'SMS', 'PHONE', 'PUSH'];

interface ProfileForm {
  firstName?: string;
  lastName?: string;
  legalName?: string;
  industry?: string;
}

export function CustomerScreen(): React.ReactElement {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const { data, error, loading, refetch } = useQuery(Customer360, { variables: { id } });
  const [updateProfile, updating] = useMutation(UpdateProfile);
  const [grant] = useMutation(GrantConsent);
  const [withdraw] = useMutation(WithdrawConsent);
  const [editing, setEditing] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [form] = Form.useForm<ProfileForm>();
  const mayOpenLoyalty = screensFor(useSignedIn().user.roles).some((s) => s.id === 'loyalty');

  const readOwnWrite = async (position: string) => {
    await refetch({ id, atLeastPosition: position });
  };
  // The change event can arrive before the 360's read model has it (it carries no position):
  // read again, briefly, until the customer's version has reached the event's.
  const readUntilVersion = async (version: number) => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const { data: read } = await refetch({ id });
      if ((read?.customer.version ?? 0) >= version) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  useSubscription(CustomerChanged, {
    variables: { id },
    onData: ({ data: change }) => {
      const version = change.data?.customerChanged.streamVersion;
      if (version !== undefined) void readUntilVersion(version);
    },
  });

  if (error) return <Typography.Text type="danger">{error.message}</Typography.Text>;
  const customer = data?.customer;
  if (!customer) return <Card loading={loading} />;
  const isPerson = customer.kind === 'PERSON';

  const saveProfile = async (values: ProfileForm) => {
    setFieldErrors({});
    try {
      const result = await updateProfile({
        variables: {
          input: {
            customerId: id,
            ...(isPerson
              ? { person: { firstName: values.firstName, lastName: values.lastName } }
              : { company: { legalName: values.legalName, industry: values.industry } }),
          },
        },
      });
      if (result.data) await readOwnWrite(result.data.updateCustomerProfile.position);
      setEditing(false);
      void message.success(t('common.saved'));
    } catch (e) {
      if (CombinedGraphQLErrors.is(e)) setFieldErrors(fieldErrorsOf(e.errors));
      else setFieldErrors({ '': e instanceof Error ? e.message : String(e) });
    }
  };

  const setConsent = async (channel: ConsentChannel, granted: boolean) => {
    const input = { customerId: id, channel, source: 'console' };
    try {
      const result = granted
        ? (await grant({ variables: { input } })).data?.grantConsent
        : (await withdraw({ variables: { input } })).data?.withdrawConsent;
      if (result) await readOwnWrite(result.position);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  const field = (name: keyof ProfileForm, path: string, label: string) => (
    <Form.Item
      name={name}
      label={label}
      validateStatus={fieldErrors[path] ? 'error' : undefined}
      help={fieldErrors[path]}
    >
      <Input />
    </Form.Item>
  );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Link to="/customers">← {t('common.back')}</Link>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card
            title={
              <Space wrap>
                <Typography.Title level={4} style={{ margin: 0 }} data-testid="customer-name">
                  {customer.displayName}
                </Typography.Title>
                <Tag>{customer.status}</Tag>
              </Space>
            }
            extra={
              !editing && (
                <Button
                  onClick={() => {
                    form.setFieldsValue({
                      firstName: customer.person?.firstName ?? '',
                      lastName: customer.person?.lastName ?? '',
                      legalName: customer.company?.legalName ?? '',
                      industry: customer.company?.industry ?? '',
                    });
                    setEditing(true);
                  }}
                >
                  {t('common.edit')}
                </Button>
              )
            }
          >
            {editing ? (
              <Form<ProfileForm>
                form={form}
                layout="vertical"
                onFinish={(v) => void saveProfile(v)}
              >
                {isPerson ? (
                  <>
                    {field('firstName', 'person.firstName', t('customer.firstName'))}
                    {field('lastName', 'person.lastName', t('customer.lastName'))}
                  </>
                ) : (
                  <>
                    {field('legalName', 'company.legalName', t('customer.legalName'))}
                    {field('industry', 'company.industry', t('customer.industry'))}
                  </>
                )}
                {fieldErrors[''] && (
                  <Typography.Text type="danger">{fieldErrors['']}</Typography.Text>
                )}
                <Space>
                  <Button type="primary" htmlType="submit" loading={updating.loading}>
                    {t('common.save')}
                  </Button>
                  <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
                </Space>
              </Form>
            ) : (
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('customers.kind')}>
                  {isPerson ? t('customers.person') : t('customers.company')}
                </Descriptions.Item>
                <Descriptions.Item label={t('customers.owner')}>
                  {customer.owner?.displayName ?? '—'}
                </Descriptions.Item>
                <Descriptions.Item label={t('customers.tags')}>
                  {customer.tags.map((tag) => (
                    <Tag key={tag.value}>{tag.value}</Tag>
                  ))}
                </Descriptions.Item>
              </Descriptions>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('customer.contacts')} size="small" style={{ marginBottom: 16 }}>
            <List
              size="small"
              dataSource={customer.contacts}
              locale={{ emptyText: t('common.empty') }}
              renderItem={(c) => (
                <List.Item>
                  <Space wrap>
                    <Tag>{c.kind}</Tag>
                    {c.email ?? c.phone ?? c.label ?? ''}
                    {c.primary && <Tag color="blue">primary</Tag>}
                  </Space>
                </List.Item>
              )}
            />
          </Card>
          <Card title={t('customer.consent')} size="small" style={{ marginBottom: 16 }}>
            <List
              size="small"
              dataSource={CHANNELS}
              renderItem={(channel) => {
                const state = customer.consents.find((c) => c.channel === channel);
                return (
                  <List.Item
                    extra={
                      <Switch
                        aria-label={`${t('customer.consent')} ${channel}`}
                        checked={state?.granted ?? false}
                        checkedChildren={t('customer.granted')}
                        unCheckedChildren={t('customer.withdrawn')}
                        onChange={(on) => void setConsent(channel, on)}
                      />
                    }
                  >
                    {channel}
                  </List.Item>
                );
              }}
            />
          </Card>
          <Card title={t('customer.purchases')} size="small" style={{ marginBottom: 16 }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('customer.orders')}>
                {customer.purchases?.orderCount ?? 0}
              </Descriptions.Item>
              <Descriptions.Item label={t('customer.lifetimeValue')}>
                {(customer.purchases?.totals ?? [])
                  .map((m) => `${m.amount} ${m.currency}`)
                  .join(', ') || '—'}
              </Descriptions.Item>
              {mayOpenLoyalty && (
                <Descriptions.Item label={t('customer.loyalty')}>
                  <Link to={`/loyalty/${customer.id}`}>{t('common.open')}</Link>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          {/* Facts from the other contexts: each is null when the role cannot read that context. */}
          <Card
            title={t('customer.otherContexts')}
            size="small"
            style={{ marginBottom: 16 }}
            data-testid="customer-context-facts"
          >
            <Descriptions column={1} size="small">
              {customer.sales && (
                <Descriptions.Item label={t('customer.openOpportunities')}>
                  {customer.sales.openOpportunities}
                  {customer.sales.openPipeline.length > 0 &&
                    ` (${customer.sales.openPipeline.map((m) => `${m.amount} ${m.currency}`).join(', ')})`}
                </Descriptions.Item>
              )}
              {customer.serviceDesk && (
                <Descriptions.Item label={t('customer.openTickets')}>
                  {customer.serviceDesk.openTickets}
                </Descriptions.Item>
              )}
              {customer.loyalty && (
                <Descriptions.Item label={t('customer.loyaltyTier')}>
                  {`${customer.loyalty.tier ?? '—'} · ${customer.loyalty.availablePoints} · ${customer.loyalty.churnBand}`}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <CustomerRecordActions customerId={id} readOwnWrite={readOwnWrite} />
        </Col>
      </Row>
      <Card title={t('customer.timeline')} data-testid="customer-timeline">
        {data.customerTimeline.edges.length === 0 && <Empty description={t('common.empty')} />}
        <Timeline
          items={(data.customerTimeline.edges ?? []).map(({ node }) => ({
            key: node.id,
            children: (
              <Space direction="vertical" size={0} data-testid="timeline-entry">
                <Typography.Text strong>{node.summary}</Typography.Text>
                <Typography.Text type="secondary">
                  {new Date(node.occurredAt).toLocaleString(i18n.language)} · {node.type}
                </Typography.Text>
              </Space>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
