import { memo } from 'react';
import type { QueueRow } from '../../api';
import { daysLeftText, formatDate } from '../../format';
import { StateBadge } from '../StateBadge';

type Props = {
  row: QueueRow;
  index: number;
  setSize: number;
  selected: boolean;
  focusable: boolean;
  onSelect: (id: number) => void;
};

export function DeadlineTag({ row }: { row: Pick<QueueRow, 'clock' | 'deadline' | 'daysLeft'> }) {
  if (row.clock === 'suspended') return <span className="deadline deadline-suspended">Sospesa</span>;
  if (row.clock === 'closed') return <span className="deadline deadline-closed">Conclusa</span>;
  if (!row.deadline) return <span className="deadline">—</span>;
  const overdue = row.clock === 'overdue' || (row.daysLeft !== null && row.daysLeft < 0);
  const cls = overdue ? 'deadline-overdue' : row.clock === 'expiring' ? 'deadline-expiring' : '';
  return (
    <span className={`deadline ${cls}`}>
      Scad. {formatDate(row.deadline)}
      {row.daysLeft !== null && ` (${daysLeftText(row.daysLeft)})`}
    </span>
  );
}

export const QueueRowView = memo(function QueueRowView({ row, index, setSize, selected, focusable, onSelect }: Props) {
  return (
    <div
      role="option"
      id={`queue-row-${row.id}`}
      className={`queue-row${selected ? ' selected' : ''}`}
      data-testid="queue-row"
      data-id={row.id}
      data-state={row.state}
      aria-selected={selected}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      tabIndex={focusable ? 0 : -1}
      onClick={() => onSelect(row.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect(row.id);
        }
      }}
    >
      <div className="queue-row-line">
        <span className="queue-protocol">{row.protocol}</span>
        {row.demo && <span className="demo-tag">DEMO</span>}
        <StateBadge state={row.state} />
      </div>
      <div className="queue-row-line">
        <span className="queue-applicant">{row.applicantName}</span>
        <span className="queue-cf">{row.fiscalCode}</span>
      </div>
      <div className="queue-row-line queue-row-meta">
        <span className="queue-service">{row.serviceName}</span>
        <span className="queue-assignee">{row.assigneeName ?? 'Non assegnata'}</span>
        <DeadlineTag row={row} />
      </div>
    </div>
  );
});
