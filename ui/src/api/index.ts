// The only module the screens import to talk to the Rust side (STYLE.md rule 15). The functions
// are generated from the Rust list of commands (`commands.ts`); this file adds only what a
// generated function cannot: the progress channel of a batch (it shadows the generated one).
import { Channel } from '@tauri-apps/api/core';
import type { ChangeEvent } from './bindings/ChangeEvent';
import type { IssueProgress } from './bindings/IssueProgress';
import type { IssueRequest } from './bindings/IssueRequest';
import * as commands from './commands';

export type * from './types';
export { ApiError, onSessionLost, toApiError } from './call';
export * from './commands';

/** Listens to what other workstations change (only on a server; nothing comes on the embedded
 * file) until the next call or logout. */
export function watchChanges(onEvent: (event: ChangeEvent) => void) {
  const feed = new Channel<ChangeEvent>();
  feed.onmessage = onEvent;
  return commands.watchChanges(feed);
}

/** Issues a batch; `onProgress` receives one event per document while it runs. */
export function issueCertificates(request: IssueRequest, onProgress: (event: IssueProgress) => void) {
  const progress = new Channel<IssueProgress>();
  progress.onmessage = onProgress;
  return commands.issueCertificates(request, progress);
}
