import { useMemo, useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { Action, ActionKind, CounterAttachment, SubmissionDetail } from '../../api';
import { readAsBase64 } from '../counter/DocumentInputs';
import { ACTION_LABELS, actionTextLabel } from '../../labels';
import { fillTemplate, templateContext, unfilledPlaceholders } from '../../templates';
import { Dialog } from '../Dialog';
import { useApplyAction } from '../../data';
import { DialogActions } from '../DialogActions';
import type { Shown } from '../ErrorAlert';

type Props = {
  detail: SubmissionDetail;
  kind: ActionKind;
  onClose: () => void;
  onDone: (detail: SubmissionDetail) => void;
};

/** Whether the citizen sent observations after the latest 10-bis notice. */
export function observationsReceived(detail: SubmissionDetail): boolean {
  const events = detail.history.map((h) => h.event);
  return events.lastIndexOf('recordObservations') > events.lastIndexOf('sendNotice');
}

/** Whether the move records what the citizen brought (on paper, by PEC, at the counter). */
const BRINGS_DOCUMENTS: ActionKind[] = ['recordIntegration', 'recordObservations'];

export function buildAction(kind: ActionKind, text: string, answer: string, documents: CounterAttachment[] = [], on = ''): Action {
  switch (kind) {
    case 'recordNoticeReceipt':
      return { kind, on, note: text };
    case 'takeInCharge':
      return { kind };
    case 'recordIntegration':
      return { kind, note: text, documents };
    case 'withdraw':
      return { kind, note: text };
    case 'recordObservations':
      return { kind, text, documents };
    case 'confirmRejection':
      return { kind, reason: text, answer };
    case 'requestIntegration':
    case 'approve':
    case 'sendNotice':
    case 'resumeReview':
    case 'reject':
    case 'rejectInadmissible':
    case 'annul':
      return { kind, reason: text };
  }
}

/** The form of an action that needs a text: templates, placeholder check, confirmation. */
export function ActionDialog({ detail, kind, onClose, onDone }: Props) {
  const apply = useApplyAction(detail.id);
  const [text, setText] = useState('');
  const [answer, setAnswer] = useState('');
  const [template, setTemplate] = useState('');
  const [error, setError] = useState<Shown | string | null>(null);
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const [on, setOn] = useState('');
  const needsDate = kind === 'recordNoticeReceipt';
  const bringsDocuments = BRINGS_DOCUMENTS.includes(kind);
  const templates = detail.service.reasonTemplates.filter((t) => t.action === kind);
  const context = useMemo(() => templateContext(detail), [detail]);
  const unfilled = unfilledPlaceholders(text);
  const label = actionTextLabel(kind) ?? 'Motivazione';
  const needsAnswer = kind === 'confirmRejection' && observationsReceived(detail);

  function chooseTemplate(value: string) {
    setTemplate(value);
    const chosen = templates[Number(value)];
    if (chosen) setText(fillTemplate(chosen.text, context));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (unfilled.length > 0) return;
    if (!text.trim()) {
      setError(`Compilare il campo «${label}».`);
      return;
    }
    if (needsDate && !on) {
      setError('Indicare la data in cui il cittadino ha ricevuto il preavviso.');
      return;
    }
    if (needsAnswer && !answer.trim()) {
      setError('Compilare la risposta alle osservazioni del cittadino.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const documents = await Promise.all(files.map(async (f) => ({ requirement: null, name: f.name, content: await readAsBase64(f) })));
      onDone(await apply.mutateAsync(buildAction(kind, text, answer, documents, on)));
    } catch (e) {
      // The data layer reloads the submission: its state may have changed under us.
      setError(api.toApiError(e));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`${ACTION_LABELS[kind]} — ${detail.protocol}`} onClose={onClose}>
      <form onSubmit={submit} noValidate className="action-form">
        <div className="mb-3">
          <label htmlFor="action-template" className="form-label">
            Modello di testo
          </label>
          <select
            id="action-template"
            className="form-select"
            value={template}
            disabled={templates.length === 0}
            onChange={(e) => chooseTemplate(e.target.value)}
          >
            <option value="">{templates.length === 0 ? 'Nessun modello disponibile' : '— Scegliere un modello —'}</option>
            {templates.map((t, i) => (
              <option key={t.title} value={i}>
                {t.title}
              </option>
            ))}
          </select>
        </div>
        <div className="mb-3">
          <label htmlFor="action-text" className="form-label">
            {label} <span aria-hidden="true">*</span>
          </label>
          <textarea
            id="action-text"
            className={`form-control${unfilled.length ? ' is-invalid' : ''}`}
            rows={6}
            required
            aria-invalid={unfilled.length > 0}
            aria-describedby={unfilled.length ? 'action-placeholders' : undefined}
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-autofocus
          />
          {unfilled.length > 0 && (
            <div id="action-placeholders" className="placeholder-warning" role="status">
              <strong>Completare i campi tra doppie parentesi graffe</strong>:{' '}
              {unfilled.map((p) => (
                <mark key={p} className="placeholder-mark">{`{{${p}}}`}</mark>
              ))}
            </div>
          )}
        </div>
        {needsDate && (
          <div className="mb-3">
            <label htmlFor="action-date" className="form-label">
              Data di ricevimento <span aria-hidden="true">*</span>
            </label>
            <input
              id="action-date"
              type="date"
              className="form-control"
              required
              aria-describedby="action-date-help"
              value={on}
              onChange={(e) => setOn(e.target.value)}
            />
            <div id="action-date-help" className="form-text">
              Dalla ricevuta di consegna della PEC o dalla firma per ricevuta allo sportello: i 10 giorni per le
              osservazioni decorrono da questa data (art. 10-bis L. 241/1990).
            </div>
          </div>
        )}
        {bringsDocuments && (
          <div className="mb-3">
            <label htmlFor="action-documents" className="form-label">
              Documenti presentati dal cittadino (scansioni)
            </label>
            <input
              id="action-documents"
              type="file"
              multiple
              className="form-control"
              accept="application/pdf,image/jpeg,image/png"
              aria-describedby="action-documents-help"
              onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
            />
            <div id="action-documents-help" className="form-text">
              PDF o immagini JPEG/PNG: protocollati con la registrazione in entrata, con la loro impronta SHA-256.
            </div>
          </div>
        )}
        {needsAnswer && (
          <div className="mb-3">
            <label htmlFor="action-answer" className="form-label">
              Risposta alle osservazioni del cittadino <span aria-hidden="true">*</span>
            </label>
            <textarea
              id="action-answer"
              className="form-control"
              rows={4}
              required
              value={answer}
              onChange={(e) => setAnswer(e.target.value)}
            />
          </div>
        )}
        <DialogActions
          error={error}
          onCancel={onClose}
          testId="action-confirm"
          label={`Conferma: ${ACTION_LABELS[kind]}`}
          busy={busy}
          disabled={unfilled.length > 0}
        />
      </form>
    </Dialog>
  );
}
