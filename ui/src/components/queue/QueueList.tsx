import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { ApiError, QueueRow } from '../../api';
import { ErrorAlert } from '../ErrorAlert';
import { QueueRowView } from './QueueRowView';

const ROW_HEIGHT = 92;

type Props = {
  rows: QueueRow[];
  hasMore: boolean;
  loading: boolean;
  error: ApiError | null;
  selectedId: number | null;
  onSelect: (id: number) => void;
  onMove: (delta: 1 | -1) => void;
  loadMore: () => void;
};

/** The virtualised queue: a listbox whose options are rendered only when visible. */
export function QueueList({ rows, hasMore, loading, error, selectedId, onSelect, onMove, loadMore }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = rows.length + (hasMore ? 1 : 0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1]!.index : -1;

  // Fetch the next page when the loader row (or the rows just before it) comes into view.
  useEffect(() => {
    if (hasMore && !loading && lastIndex >= rows.length - 20) loadMore();
  }, [hasMore, loading, lastIndex, rows.length, loadMore]);

  // Keep the selected row visible; move focus with it when the list has focus.
  const selectedIndex = selectedId === null ? -1 : rows.findIndex((r) => r.id === selectedId);
  useEffect(() => {
    if (selectedIndex < 0) return;
    virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
    const list = scrollRef.current;
    if (!list || !list.contains(document.activeElement)) return;
    const frame = requestAnimationFrame(() => {
      list.querySelector<HTMLElement>(`[data-index="${selectedIndex}"] [role="option"]`)?.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
  }, [selectedIndex, virtualizer]);

  function onKeyDown(event: KeyboardEvent) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      onMove(1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      onMove(-1);
    }
  }

  const focusIndex = selectedIndex >= 0 ? selectedIndex : 0;

  return (
    <div className="queue-list-wrap">
      <ErrorAlert error={error} className="m-2" />
      {!loading && !error && rows.length === 0 && <p className="p-3 mb-0">Nessuna pratica corrisponde ai filtri.</p>}
      <div
        ref={scrollRef}
        className="queue-list"
        role="listbox"
        aria-label="Pratiche in coda"
        aria-busy={loading}
        onKeyDown={onKeyDown}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rows[item.index];
            return (
              <div
                key={row ? row.id : 'loader'}
                data-index={item.index}
                className="queue-row-slot"
                style={{ height: item.size, transform: `translateY(${item.start}px)` }}
                role={row ? undefined : 'presentation'}
              >
                {row ? (
                  <QueueRowView
                    row={row}
                    index={item.index}
                    setSize={hasMore ? -1 : rows.length}
                    selected={row.id === selectedId}
                    focusable={item.index === focusIndex}
                    onSelect={onSelect}
                  />
                ) : (
                  <span className="queue-loader">Caricamento di altre pratiche…</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
