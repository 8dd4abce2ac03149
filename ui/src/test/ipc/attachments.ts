// A submission's attachments as the mock serves them: a three-page PDF and a photo made by the
// domain's own stand-in writer (`sampleFiles.ts`, generated), and a file the intake distrusts,
// which the shell never hands to a viewer.
import type { AttachmentInfo, Contract } from '../../api';
import { SAMPLE_PDF_3_PAGES, SAMPLE_PHOTO } from '../sampleFiles';
import { fail } from './handlers';

type AttachmentHandlers = {
  read_attachment: (args: Contract['read_attachment']['args']) => ArrayBuffer | Promise<never>;
  open_attachment: (args: Contract['open_attachment']['args']) => null | Promise<never>;
  export_attachment: (args: Contract['export_attachment']['args']) => string | null;
};

const SHA = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const DISTRUSTED = 'Il PDF «modulo.pdf» contiene codice o azioni automatiche (JavaScript, avvio di programmi): Sportello non lo mostra né lo apre; salvarlo solo se serve, senza aprirlo con altri programmi.';

/** The attachments of every mock submission, registered with it. */
export function mockAttachments(protocol: string, registeredAt: string): AttachmentInfo[] {
  return [
    { id: 1, requirement: 'contratto', name: 'contratto-locazione.pdf', mediaType: 'application/pdf', size: 2_457_600, sha256: SHA, protocol, registeredAt, warning: null },
    { id: 2, requirement: null, name: 'documento-identita.jpg', mediaType: 'image/jpeg', size: 348_160, sha256: SHA, protocol, registeredAt, warning: null },
    { id: 3, requirement: null, name: 'modulo.pdf', mediaType: 'application/pdf', size: 18_432, sha256: SHA, protocol, registeredAt, warning: DISTRUSTED },
  ];
}

function decode(base64: string): ArrayBuffer {
  const raw = atob(base64);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes.buffer;
}

const refused = () => fail('illegalAction', DISTRUSTED);

export function createAttachmentHandlers(): AttachmentHandlers {
  return {
    read_attachment: ({ id }) => {
      if (id === 1) return decode(SAMPLE_PDF_3_PAGES);
      if (id === 2) return decode(SAMPLE_PHOTO);
      if (id === 3) return refused();
      return fail('notFound', 'L’allegato richiesto non esiste o non è visibile per il proprio ufficio.');
    },
    // The mock starts no program: as if the system viewer opened.
    open_attachment: ({ id }) => (id === 3 ? refused() : null),
    // The mock opens no save dialog: as if the officer cancelled it.
    export_attachment: () => null,
  };
}
