import { useCallback, useEffect, useState } from 'react';
import * as api from '../../api';
import type { ActionKind, SubmissionDetail } from '../../api';
import { ACTION_LABELS, CHANNEL_LABELS } from '../../labels';
import { useAnnounce } from '../Announcer';
import { StateBadge } from '../StateBadge';
import { ActionBar } from './ActionBar';
import { ActionDialog } from './ActionDialog';
import { ApplicantCard } from './ApplicantCard';
import { AssignDialog } from './AssignDialog';
import { Attachments } from './Attachments';
import { ClockPanel } from './ClockPanel';
import { FormView } from './FormView';
import { IssuedCertificates } from './IssuedCertificates';
import { OtherSubmissions } from './OtherSubmissions';
import { Timeline } from './Timeline';

type Props = {
  id: number;
  onChanged: (detail: SubmissionDetail) => void;
  onSelect: (id: number) => void;
};

type Load = { id: number; detail: SubmissionDetail | null; error: string | null };

export function Detail({ id, onChanged, onSelect }: Props) {
  const [load, setLoad] = useState<Load>({ id, detail: null, error: null });
  const [dialog, setDialog] = useState<ActionKind | 'assign' | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const announce = useAnnounce();

  useEffect(() => {
    let live = true;
    setDialog(null);
    setActionError(null);
    api.submissionDetail(id).then(
      (detail) => live && setLoad({ id, detail, error: null }),
      (e) => live && setLoad({ id, detail: null, error: api.toApiError(e).message }),
    );
    return () => {
      live = false;
    };
  }, [id]);

  const updated = useCallback(
    (detail: SubmissionDetail, message: string) => {
      setLoad({ id: detail.id, detail, error: null });
      setDialog(null);
      onChanged(detail);
      announce(message);
    },
    [onChanged, announce],
  );

  // After a refused action the submission may have changed under us (taken by a colleague,
  // decided): reload it so the allowed actions are current. The error stays on screen.
  const reload = useCallback(() => {
    api.submissionDetail(id).then(
      (detail) => {
        setLoad({ id, detail, error: null });
        onChanged(detail);
      },
      () => undefined,
    );
  }, [id, onChanged]);

  const runAction = useCallback(
    async (kind: ActionKind) => {
      if (kind !== 'takeInCharge') {
        setDialog(kind);
        return;
      }
      setBusy(true);
      setActionError(null);
      try {
        updated(await api.applyAction(id, { kind }), `${ACTION_LABELS[kind]}: operazione eseguita`);
      } catch (e) {
        setActionError(api.toApiError(e).message);
        reload();
      } finally {
        setBusy(false);
      }
    },
    [id, updated, reload],
  );

  const { detail, error } = load;
  if (error && load.id === id) {
    return (
      <div role="alert" className="alert alert-danger m-3">
        {error}
      </div>
    );
  }
  if (!detail || load.id !== id) {
    return (
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
        <p className="mb-2 small">
          Assegnatario: <strong>{detail.assignee?.fullName ?? 'Non assegnata'}</strong> · Canale:{' '}
          {CHANNEL_LABELS[detail.channel] ?? detail.channel}
        </p>
        <ActionBar
          actions={detail.allowedActions}
          canAssign={detail.canAssign}
          busy={busy}
          onAction={runAction}
          onAssign={() => setDialog('assign')}
        />
        {actionError && (
          <div role="alert" className="alert alert-danger mt-2 mb-0">
            {actionError}
          </div>
        )}
      </header>
      <div className="detail-grid">
        <ApplicantCard applicant={detail.applicant} contact={detail.contact} />
        <ClockPanel clock={detail.clock} />
      </div>
      <FormView fields={detail.service.fields} form={detail.form} />
      <Attachments attachments={detail.attachments} />
      {detail.service.issuesCertificate && (
        <IssuedCertificates
          submissionId={detail.id}
          canReissue={detail.canReissueCertificates}
          canAnnul={detail.canAnnulCertificates}
          version={detail.state}
        />
      )}
      <Timeline history={detail.history} />
      <OtherSubmissions rows={detail.otherSubmissions} onSelect={onSelect} />
      {dialog === 'assign' && (
        <AssignDialog
          detail={detail}
          onClose={() => setDialog(null)}
          onDone={(d) => updated(d, 'Assegnazione registrata')}
        />
      )}
      {dialog && dialog !== 'assign' && (
        <ActionDialog
          detail={detail}
          kind={dialog}
          onClose={() => setDialog(null)}
          onDone={(d) => updated(d, `${ACTION_LABELS[dialog]}: operazione eseguita`)}
          onFailed={reload}
        />
      )}
    </article>
  );
}
