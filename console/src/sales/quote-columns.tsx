// The columns every list of quotes shows: net amount, version, status (awaiting approval marked,
// plus what the list adds, e.g. the approval reasons) and validity. The version opens the quote.
import { Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { Link } from 'react-router-dom';

interface QuoteRow {
  quoteId: string;
  amount: string;
  currency: string;
  version: number;
  status: string;
  awaitingApproval: boolean;
  validUntil: string;
}

export function quoteColumns<Q extends QuoteRow>(
  t: TFunction,
  language: string,
  statusExtra: (quote: Q) => React.ReactNode = () => null,
): ColumnsType<Q> {
  return [
    {
      title: t('quotes.amount'),
      key: 'amount',
      render: (_: unknown, q) =>
        Number(q.amount).toLocaleString(language, { style: 'currency', currency: q.currency }),
    },
    {
      title: t('quotes.version'),
      key: 'version',
      render: (_: unknown, q) => <Link to={`/quotes/${q.quoteId}`}>v{q.version}</Link>,
    },
    {
      title: t('quotes.status'),
      key: 'status',
      render: (_: unknown, q) => (
        <Space wrap>
          <Tag>{q.status}</Tag>
          {q.awaitingApproval && <Tag color="gold">{t('quotes.awaiting')}</Tag>}
          {statusExtra(q)}
        </Space>
      ),
    },
    {
      title: t('quotes.validUntilColumn'),
      dataIndex: 'validUntil',
      responsive: ['md'],
      render: (at: string) => new Date(at).toLocaleDateString(language),
    },
  ];
}
