// Pieces every list screen uses: the screen's titled card, a labelled filter field, the status
// filter of a list by status, and the "load more" button of a cursor-paged connection.
import { Button, Card, Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** A free-text filter whose visible placeholder is also its accessible name. */
export function FilterText(props: {
  name: string;
  label: string;
  width: number;
}): React.ReactElement {
  return (
    <Form.Item name={props.name}>
      <Input
        aria-label={props.label}
        placeholder={props.label}
        allowClear
        style={{ width: props.width }}
      />
    </Form.Item>
  );
}

/** Appends the next page of a connection to the one already shown. */
export function appendPage<C extends { edges: unknown[] }>(shown: C | undefined, next: C): C {
  return { ...next, edges: [...(shown?.edges ?? []), ...next.edges] };
}

export function LoadMore(props: {
  page: { hasNextPage: boolean; endCursor?: string | null } | undefined;
  load: (after: string) => unknown;
}): React.ReactElement | null {
  const { t } = useTranslation();
  const { page } = props;
  if (!page?.hasNextPage || !page.endCursor) return null;
  const after = page.endCursor;
  return (
    <Button style={{ marginTop: 16 }} onClick={() => void props.load(after)}>
      {t('common.loadMore')}
    </Button>
  );
}

/** A list screen: its title as the page's heading, actions at the right, the list below. */
export function ScreenCard(props: {
  title: string;
  extra?: React.ReactNode;
  children: React.ReactNode;
}): React.ReactElement {
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }}>
          {props.title}
        </Typography.Title>
      }
      extra={props.extra}
    >
      {props.children}
    </Card>
  );
}

/** The statuses a list shows, several at once. */
export function StatusSelect<S extends string>(props: {
  label: string;
  statuses: readonly S[];
  value: S[];
  onChange: (value: S[]) => void;
}): React.ReactElement {
  return (
    <Select
      mode="multiple"
      aria-label={props.label}
      value={props.value}
      onChange={props.onChange}
      options={props.statuses.map((s) => ({ value: s, label: s }))}
      style={{ minWidth: 280, marginBottom: 16 }}
    />
  );
}
