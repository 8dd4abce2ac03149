import { useCallback, useState } from 'react';
import type { ActionKind, NewContact, SubmissionDetail } from '../../api';
import { useApplyAction, useSubmission } from '../../data';
import { formatDate } from '../../format';
import { ACTION_LABELS, CHANNEL_LABELS, CONTACT_CHANNEL_LABELS } from '../../labels';
import { useAnnounce } from '../Announcer';
import { ErrorAlert } from '../ErrorAlert';
import { StateBadge } from '../StateBadge';
import { ActionBar } from './ActionBar';
import { ActionDialog } from './ActionDialog';
import { ApplicantCard } from './ApplicantCard';
import { AssignDialog } from './AssignDialog';
import { Attachments } from './Attachments';
import { ClockPanel } from './ClockPanel';
import { Eligibility } from './Eligibility';
import { ContactDialog } from './ContactDialog';
import { Contacts } from './Contacts';
import { Messages } from './Messages';
import { Flags } from './Flags';
import { FormView } from './FormView';
import { IssuedCertificates } from './IssuedCertificates';
import { OtherSubmissions } from './OtherSubmissions';
import { Timeline } from './Timeline';

/** A flag's field as the officer knows it: the form's label, or the attachment's. */
function fieldLabel(detail: SubmissionDetail, key: string): string {
  if (key.startsWith('attachment.')) {
    const requirement = key.slice('attachment.'.length);
    const label = detail.service.attachments.find((a) => a.key === requirement)?.label;
    return `Allegato «${label ?? requirement}»`;
  }
  return detail.service.fields.find((f) => f.key === key)?.label ?? key;
}

/** What the screen reader hears once a contact is recorded. */
function contactRecorded(contact: NewContact): string {
  const what = `Contatto registrato: ${CONTACT_CHANNEL_LABELS[contact.channel]}`;
  return contact.callbackDue ? `${what}, da richiamare entro il ${formatDate(contact.callbackDue)}` : what;
}

type Props = {
  id: number;
  onSelect: (id: number) => void;
};

/** One submission. Mounted once per id (`key`), so a dialog or an error never outlives its submission. */
export function Detail({ id, onSelect }: Props) {
  const { data: detail, error } = useSubmission(id);
  const [dialog, setDialog] = useState<ActionKind | 'assign' | 'contact' | null>(null);
  const takeInCharge = useApplyAction(id);
  const announce = useAnnounce();

  const updated = useCallback(
    (message: string) => {
      setDialog(null);
      announce(message);
    },
    [announce],
  );

  const runAction = useCallback(
    (kind: ActionKind) => {
      if (kind !== 'takeInCharge') {
        setDialog(kind);
        return;
      }
      takeInCharge.mutate({ kind }, { onSuccess: () => updated(`${ACTION_LABELS[kind]}: operazione eseguita`) });
    },
    [takeInCharge, updated],
  );

  if (!detail) {
    return error ? (
      <ErrorAlert error={error} className="m-3" />
    ) : (
      <p className="p-3" aria-busy="true">
        Caricamento della pratica…
      </p>
    );
  }

  return (
    <article className="detail" data-testid="detail" aria-labelledby="detail-title">
      <header className="detail-header">
        <div className="detail-title-row">
          <h2 id="detail-title" className="h4 mb-0">
            {detail.protocol}
          </h2>
          <StateBadge state={detail.state} testId="detail-state" />
          {detail.demo && <span className="demo-tag">DEMO</span>}
        </div>
        <p className="mb-1 detail-service">{detail.service.name}</p>
        <p className="mb-1 small" data-testid="legal-basis">
          Normativa: {detail.service.legalBasis}
        </p>
        <p className="mb-2 small">
          Assegnatario: <strong>{detail.assignee?.fullName ?? 'Non assegnata'}</strong> · Canale:{' '}
          {CHANNEL_LABELS[detail.channel] ?? detail.channel}
          {detail.caseFile && <> · Fascicolo n. {detail.caseFile}</>}
          {detail.portalId && (
            <>
              {' '}
              · Domanda sul portale <span className="font-monospace">{detail.portalId}</span>
            </>
          )}
        </p>
        <ActionBar
          actions={detail.allowedActions}
          canAssign={detail.canAssign}
          busy={takeInCharge.isPending}
          onAction={runAction}
          onAssign={() => setDialog('assign')}
        />
        <ErrorAlert error={takeInCharge.error} className="mt-2 mb-0" />
      </header>
      <div className="detail-grid">
        <ApplicantCard applicant={detail.applicant} contact={detail.contact} />
        <ClockPanel clock={detail.clock} />
      </div>
      <Flags flags={detail.flags} fieldLabel={(key) => fieldLabel(detail, key)} />
      <Contacts submissionId={detail.id} contacts={detail.contacts} onRecord={() => setDialog('contact')} />
      {detail.portalId && <Messages submissionId={detail.id} messages={detail.messages} />}
      <FormView fields={detail.service.fields} form={detail.form} />
      <Eligibility checks={detail.eligibility} />
      <Attachments attachments={detail.attachments} />
      {detail.service.issuesCertificate && (
        <IssuedCertificates
          submissionId={detail.id}
          canReissue={detail.canReissueCertificates}
          canAnnul={detail.canAnnulCertificates}
        />
      )}
      <Timeline history={detail.history} />
      <OtherSubmissions rows={detail.otherSubmissions} onSelect={onSelect} />
      {dialog === 'assign' && (
        <AssignDialog
          detail={detail}
          onClose={() => setDialog(null)}
          onDone={() => updated('Assegnazione registrata')}
        />
      )}
      {dialog === 'contact' && (
        <ContactDialog
          detail={detail}
          onClose={() => setDialog(null)}
          onDone={(contact) => updated(contactRecorded(contact))}
        />
      )}
      {dialog && dialog !== 'assign' && dialog !== 'contact' && (
        <ActionDialog
          detail={detail}
          kind={dialog}
          onClose={() => setDialog(null)}
          onDone={() => updated(`${ACTION_LABELS[dialog]}: operazione eseguita`)}
        />
      )}
    </article>
  );
}
