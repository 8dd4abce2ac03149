import { useEffect, useState, type RefObject } from 'react';
import type { AssigneeFilter, Catalogue, DeadlineFilter, QueueFilter, SortDir, SortKey, State, UserInfo } from '../../api';
import { SORT_LABELS, STATES, STATE_LABELS } from '../../labels';

type Props = {
  catalogue: Catalogue;
  filter: QueueFilter;
  onChange: (update: (f: QueueFilter) => QueueFilter) => void;
  officers: UserInfo[];
  sort: SortKey;
  dir: SortDir;
  onSort: (sort: SortKey, dir: SortDir) => void;
  searchRef: RefObject<HTMLInputElement>;
};

function assigneeValue(a: AssigneeFilter): string {
  return a.kind === 'user' ? `user:${a.id}` : a.kind;
}

function parseAssignee(value: string): AssigneeFilter {
  if (value.startsWith('user:')) return { kind: 'user', id: Number(value.slice(5)) };
  if (value === 'unassigned' || value === 'me') return { kind: value };
  return { kind: 'any' };
}

export function Filters({ catalogue, filter, onChange, officers, sort, dir, onSort, searchRef }: Props) {
  const [search, setSearch] = useState(filter.search ?? '');

  useEffect(() => {
    const timer = window.setTimeout(() => {
      const value = search.trim() || null;
      onChange((f) => (f.search === value ? f : { ...f, search: value }));
    }, 250);
    return () => window.clearTimeout(timer);
  }, [search, onChange]);

  return (
    <form className="queue-filters" role="search" aria-label="Filtri della coda" onSubmit={(e) => e.preventDefault()}>
      <div className="filter-search">
        <label htmlFor="search">Cerca</label>
        <input
          id="search"
          ref={searchRef}
          type="search"
          className="form-control form-control-sm"
          placeholder="Nome, codice fiscale, protocollo"
          aria-keyshortcuts="/"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      <div>
        <label htmlFor="filter-service">Servizio</label>
        <select
          id="filter-service"
          className="form-select form-select-sm"
          value={filter.service ?? ''}
          onChange={(e) => {
            const service = e.target.value || null;
            onChange((f) => ({ ...f, service }));
          }}
        >
          <option value="">Tutti i servizi</option>
          {catalogue.services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="filter-state">Stato</label>
        <select
          id="filter-state"
          className="form-select form-select-sm"
          value={filter.states[0] ?? ''}
          onChange={(e) => {
            const states = e.target.value ? [e.target.value as State] : [];
            onChange((f) => ({ ...f, states }));
          }}
        >
          <option value="">Tutti gli stati</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {STATE_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="filter-assignee">Assegnatario</label>
        <select
          id="filter-assignee"
          className="form-select form-select-sm"
          value={assigneeValue(filter.assignee)}
          onChange={(e) => {
            const assignee = parseAssignee(e.target.value);
            onChange((f) => ({ ...f, assignee }));
          }}
        >
          <option value="any">Tutti</option>
          <option value="unassigned">Non assegnate</option>
          <option value="me">Assegnate a me</option>
          {officers.map((o) => (
            <option key={o.id} value={`user:${o.id}`}>
              {o.fullName}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="filter-deadline">Scadenza</label>
        <select
          id="filter-deadline"
          className="form-select form-select-sm"
          value={filter.deadline}
          onChange={(e) => {
            const deadline = e.target.value as DeadlineFilter;
            onChange((f) => ({ ...f, deadline }));
          }}
        >
          <option value="any">Tutte</option>
          <option value="overdue">Scadute</option>
          <option value="expiring">In scadenza</option>
        </select>
      </div>
      <div className="filter-sort">
        <label htmlFor="sort-key">Ordina per</label>
        <div className="d-flex gap-1">
          <select
            id="sort-key"
            className="form-select form-select-sm"
            value={sort}
            onChange={(e) => onSort(e.target.value as SortKey, dir)}
          >
            {(Object.keys(SORT_LABELS) as SortKey[]).map((k) => (
              <option key={k} value={k}>
                {SORT_LABELS[k]}
              </option>
            ))}
          </select>
          <select
            id="sort-dir"
            className="form-select form-select-sm"
            aria-label="Direzione dell'ordinamento"
            value={dir}
            onChange={(e) => onSort(sort, e.target.value as SortDir)}
          >
            <option value="asc">Crescente</option>
            <option value="desc">Decrescente</option>
          </select>
        </div>
      </div>
    </form>
  );
}
