import { useState, type FormEvent } from 'react';
import * as api from '../../api';
import type { ContactChannel, NewContact, SubmissionDetail } from '../../api';
import { useDepartmentOfficers, useRecordContact } from '../../data';
import { todayIso } from '../../format';
import { CONTACT_CHANNELS, CONTACT_CHANNEL_LABELS } from '../../labels';
import { Dialog } from '../Dialog';
import { DialogActions } from '../DialogActions';
import type { Shown } from '../ErrorAlert';

type Props = {
  detail: SubmissionDetail;
  onClose: () => void;
  onDone: (contact: NewContact) => void;
};

/** The most a summary or an outcome may hold (the core refuses more). */
const MAX_TEXT = 2000;

/** A radio button of one of the dialog's groups. */
function Choice({ name, value, checked, label, onChange, autoFocus = false }: {
  name: string;
  value: string;
  checked: boolean;
  label: string;
  onChange: () => void;
  autoFocus?: boolean;
}) {
  const id = `${name}-${value}`;
  return (
    <div className="form-check form-check-inline">
      <input
        id={id}
        type="radio"
        className="form-check-input"
        name={name}
        value={value}
        checked={checked}
        onChange={onChange}
        data-autofocus={autoFocus || undefined}
      />
      <label htmlFor={id} className="form-check-label">
        {label}
      </label>
    </div>
  );
}

/** Records a phone call, an e-mail, a PEC or a visit, with a callback to do if one is left. */
export function ContactDialog({ detail, onClose, onDone }: Props) {
  const record = useRecordContact(detail.id);
  const officersQuery = useDepartmentOfficers();
  const officers = (officersQuery.data ?? []).filter((o) => o.active);
  const [channel, setChannel] = useState<ContactChannel>('phone');
  const [incoming, setIncoming] = useState(true);
  const [summary, setSummary] = useState('');
  const [outcome, setOutcome] = useState('');
  const [callbackDue, setCallbackDue] = useState('');
  const [callbackBy, setCallbackBy] = useState('');
  const [error, setError] = useState<Shown | string | null>(null);
  const [busy, setBusy] = useState(false);

  function chooseDue(value: string) {
    setCallbackDue(value);
    if (!value) setCallbackBy('');
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const contact: NewContact = {
      channel,
      incoming,
      summary,
      outcome,
      callbackDue: callbackDue || null,
      callbackBy: callbackDue && callbackBy ? Number(callbackBy) : null,
    };
    setBusy(true);
    setError(null);
    try {
      // The core checks the texts and the day, and says what is wrong in Italian.
      await record.mutateAsync(contact);
      onDone(contact);
    } catch (e) {
      setError(api.toApiError(e));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Registra contatto — ${detail.protocol}`} onClose={onClose}>
      <form onSubmit={submit} noValidate className="contact-form">
        <fieldset className="mb-3">
          <legend className="h6">Canale</legend>
          {CONTACT_CHANNELS.map((c) => (
            <Choice
              key={c}
              name="contact-channel"
              value={c}
              checked={channel === c}
              label={CONTACT_CHANNEL_LABELS[c]}
              onChange={() => setChannel(c)}
              autoFocus={c === 'phone'}
            />
          ))}
        </fieldset>
        <fieldset className="mb-3">
          <legend className="h6">Chi ha preso contatto</legend>
          <Choice
            name="contact-direction"
            value="incoming"
            checked={incoming}
            label="Il cittadino ha contattato l’ufficio"
            onChange={() => setIncoming(true)}
          />
          <Choice
            name="contact-direction"
            value="outgoing"
            checked={!incoming}
            label="L’ufficio ha contattato il cittadino"
            onChange={() => setIncoming(false)}
          />
        </fieldset>
        <div className="mb-3">
          <label htmlFor="contact-summary" className="form-label">
            Contenuto del contatto <span aria-hidden="true">*</span>
          </label>
          <textarea
            id="contact-summary"
            className="form-control"
            rows={3}
            required
            maxLength={MAX_TEXT}
            value={summary}
            onChange={(e) => setSummary(e.target.value)}
          />
        </div>
        <div className="mb-3">
          <label htmlFor="contact-outcome" className="form-label">
            Esito
          </label>
          <textarea
            id="contact-outcome"
            className="form-control"
            rows={2}
            maxLength={MAX_TEXT}
            aria-describedby="contact-outcome-help"
            value={outcome}
            onChange={(e) => setOutcome(e.target.value)}
          />
          <div id="contact-outcome-help" className="form-text">
            Per esempio: spiegato come compilare la domanda, chiesti i documenti mancanti.
          </div>
        </div>
        <fieldset className="mb-3">
          <legend className="h6">Richiamo (facoltativo)</legend>
          <div className="contact-callback">
            <div>
              <label htmlFor="contact-callback-due" className="form-label">
                Richiamare entro
              </label>
              <input
                id="contact-callback-due"
                type="date"
                className="form-control"
                min={todayIso()}
                aria-describedby="contact-callback-help"
                value={callbackDue}
                onChange={(e) => chooseDue(e.target.value)}
              />
            </div>
            <div>
              <label htmlFor="contact-callback-by" className="form-label">
                Chi richiama
              </label>
              <select
                id="contact-callback-by"
                className="form-select"
                disabled={!callbackDue}
                aria-describedby="contact-callback-help"
                value={callbackBy}
                onChange={(e) => setCallbackBy(e.target.value)}
              >
                <option value="">Chiunque dell’ufficio</option>
                {officers.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.fullName}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div id="contact-callback-help" className="form-text">
            Senza data non resta nessun richiamo da fare. Dal giorno indicato il richiamo compare tra i «Richiami da
            fare» di chi deve farlo, o di tutto l’ufficio.
          </div>
        </fieldset>
        <DialogActions
          error={error ?? officersQuery.error}
          onCancel={onClose}
          testId="contact-confirm"
          label="Registra contatto"
          busy={busy}
        />
      </form>
    </Dialog>
  );
}
