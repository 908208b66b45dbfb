// The sales pipeline as a board: one column per stage with its totals, one card per open
// opportunity. A card moves by drag and drop (HTML5, pointer) or by its "Move to" menu (keyboard
// and touch), both sending `moveOpportunityStage`; the board then reads its own write.
import { useMutation, useQuery } from '@apollo/client/react';
import { App, Card, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatMinor } from '../app/durations';
import { graphql } from '../graphql/generated';

const Board = graphql(`
  query ConsolePipelineBoard($atLeastPosition: String) {
    pipelineBoard(atLeastPosition: $atLeastPosition) {
      pipelineId
      name
      columns {
        stageId
        name
        probability
        totals {
          amountMinor
          currency
        }
        opportunities {
          opportunityId
          name
          amount
          currency
          expectedCloseOn
          probability
          stageId
        }
      }
    }
  }
`);

const MoveStage = graphql(`
  mutation ConsoleMoveOpportunityStage($input: MoveOpportunityStageInput!) {
    moveOpportunityStage(input: $input) {
      position
    }
  }
`);

const DRAG_TYPE = 'application/x-crm-opportunity';

export function PipelineScreen(): React.ReactElement {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { data, error, loading, refetch } = useQuery(Board);
  const [move] = useMutation(MoveStage);
  const [dropTarget, setDropTarget] = useState<string | null>(null);

  if (error) return <Typography.Text type="danger">{error.message}</Typography.Text>;
  const board = data?.pipelineBoard;
  if (!board) return <Card loading={loading} />;
  const stageName = (stageId: string) =>
    board.columns.find((c) => c.stageId === stageId)?.name ?? stageId;

  const moveTo = async (opportunityId: string, stageId: string) => {
    try {
      const result = await move({ variables: { input: { opportunityId, stageId } } });
      if (result.data)
        await refetch({ atLeastPosition: result.data.moveOpportunityStage.position });
      void message.success(t('pipeline.moved', { stage: stageName(stageId) }));
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('pipeline.title')} · {board.name}
      </Typography.Title>
      <Typography.Text type="secondary">{t('pipeline.dragHint')}</Typography.Text>
      <div style={{ display: 'flex', gap: 12, overflowX: 'auto', paddingBottom: 8 }}>
        {board.columns.map((column) => (
          <section
            key={column.stageId}
            aria-label={column.name}
            data-testid={`stage-${column.stageId}`}
            onDragOver={(e) => {
              if (e.dataTransfer.types.includes(DRAG_TYPE)) {
                e.preventDefault();
                setDropTarget(column.stageId);
              }
            }}
            onDragLeave={() => setDropTarget(null)}
            onDrop={(e) => {
              e.preventDefault();
              setDropTarget(null);
              const [opportunityId, from] = e.dataTransfer.getData(DRAG_TYPE).split('|');
              if (opportunityId && from !== column.stageId)
                void moveTo(opportunityId, column.stageId);
            }}
            style={{
              flex: '0 0 260px',
              background: dropTarget === column.stageId ? '#e6f4ff' : '#fafafa',
              borderRadius: 8,
              padding: 8,
            }}
          >
            <Typography.Text strong>{column.name}</Typography.Text>{' '}
            <Tag>{column.opportunities.length}</Tag>
            <div>
              <Typography.Text type="secondary">
                {column.totals
                  .map((m) => formatMinor(m.amountMinor, m.currency, i18n.language))
                  .join(' + ') || '—'}
              </Typography.Text>
            </div>
            <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
              {column.opportunities.map((o) => (
                <Card
                  key={o.opportunityId}
                  size="small"
                  draggable
                  data-testid="opportunity-card"
                  onDragStart={(e) =>
                    e.dataTransfer.setData(DRAG_TYPE, `${o.opportunityId}|${o.stageId}`)
                  }
                  title={<Link to={`/opportunities/${o.opportunityId}`}>{o.name}</Link>}
                  style={{ cursor: 'grab' }}
                >
                  <div>
                    {o.amount} {o.currency}
                  </div>
                  <Typography.Text type="secondary">
                    {t('pipeline.closeOn', { date: o.expectedCloseOn })}
                  </Typography.Text>
                  <Select
                    size="small"
                    aria-label={`${t('pipeline.moveTo')} (${o.name})`}
                    placeholder={t('pipeline.moveTo')}
                    style={{ width: '100%', marginTop: 8 }}
                    value={null}
                    options={board.columns
                      .filter((c) => c.stageId !== o.stageId)
                      .map((c) => ({ value: c.stageId, label: c.name }))}
                    onChange={(stageId: string) => void moveTo(o.opportunityId, stageId)}
                  />
                </Card>
              ))}
            </Space>
          </section>
        ))}
      </div>
    </Space>
  );
}
