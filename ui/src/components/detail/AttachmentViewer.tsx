import { useEffect, useState } from 'react';
import type { ApiError, AttachmentInfo } from '../../api';
import { formatSize } from '../../format';
import { Dialog } from '../Dialog';
import { ErrorAlert } from '../ErrorAlert';
import { registration } from './attachmentText';
import { PdfPages } from './PdfPages';

type Props = {
  attachment: AttachmentInfo;
  /** The file as the shell read it (checked against its SHA-256); null while it is read. */
  bytes: ArrayBuffer | null;
  error: ApiError | null;
  onClose: () => void;
};

/** A citizen's file in the window: a PDF page by page, or an image; with its registration and
 * SHA-256, so the officer sees what was registered is what is shown. */
export function AttachmentViewer({ attachment, bytes, error, onClose }: Props) {
  const pdf = attachment.mediaType === 'application/pdf';
  return (
    <Dialog title={`Allegato «${attachment.name}»`} onClose={onClose}>
      <div className="sp-viewer" data-testid="attachment-viewer">
        <dl className="sp-viewer-facts">
          <div>
            <dt>Registrazione</dt>
            <dd>{registration(attachment)}</dd>
          </div>
          <div>
            <dt>Tipo</dt>
            <dd>
              {attachment.mediaType}, {formatSize(attachment.size)}
            </dd>
          </div>
          <div>
            <dt>Impronta SHA-256</dt>
            <dd>
              <code className="sp-viewer-hash">{attachment.sha256}</code>
            </dd>
          </div>
        </dl>
        <ErrorAlert error={error} />
        {!bytes && !error && (
          <p role="status" aria-busy="true">
            Lettura dell&rsquo;allegato…
          </p>
        )}
        {bytes && (pdf ? <PdfPages bytes={bytes} name={attachment.name} /> : <ImageView bytes={bytes} attachment={attachment} />)}
      </div>
    </Dialog>
  );
}

function ImageView({ bytes, attachment }: { bytes: ArrayBuffer; attachment: AttachmentInfo }) {
  const [url, setUrl] = useState<string | null>(null);
  const [broken, setBroken] = useState(false);

  useEffect(() => {
    const made = URL.createObjectURL(new Blob([bytes], { type: attachment.mediaType }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [bytes, attachment.mediaType]);

  if (broken) {
    return <ErrorAlert error="L'immagine è danneggiata o non leggibile: salvarla e chiederne una copia al cittadino." />;
  }
  return url ? (
    <div className="sp-viewer-image" role="region" aria-label="Immagine allegata" tabIndex={0}>
      <img src={url} alt={attachment.name} onError={() => setBroken(true)} data-testid="attachment-image" />
    </div>
  ) : null;
}
