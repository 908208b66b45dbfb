// Pieces every list screen uses: a labelled filter field and the "load more" button of a
// cursor-paged connection.
import { Button, Form, Input } from 'antd';
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
