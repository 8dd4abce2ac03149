// How an attachment's registration reads, in the list and in the viewer.
import type { AttachmentInfo } from '../../api';
import { formatDate } from '../../format';

/** «Prot. 2026/0001234 del 12/03/2026». */
export function registration(attachment: Pick<AttachmentInfo, 'protocol' | 'registeredAt'>): string {
  return `Prot. ${attachment.protocol} del ${formatDate(attachment.registeredAt)}`;
}
