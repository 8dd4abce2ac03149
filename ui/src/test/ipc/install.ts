// Installs the typed mock as the page's Tauri IPC, like `@tauri-apps/api/mocks` does; bundled by
// tests/a11y.mjs (esbuild) and run in the page before the app.
import { createHandlers, dispatch, type MockOptions } from './handlers';

type Callback = (data: unknown) => unknown;
type Internals = Record<string, unknown>;

export function installMockIpc(options: MockOptions) {
  const handlers = createHandlers(options);
  const calls: { cmd: string; args: unknown }[] = [];
  const callbacks = new Map<number, Callback>();
  const w = window as unknown as Internals;
  w.__ipcCalls = calls;
  w.__TAURI_INTERNALS__ = {
    invoke: (cmd: string, args: unknown) => {
      calls.push({ cmd, args });
      return dispatch(handlers, cmd, args);
    },
    transformCallback: (callback: Callback | undefined, once: boolean) => {
      const id = window.crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
      callbacks.set(id, (data) => {
        if (once) callbacks.delete(id);
        return callback?.(data);
      });
      return id;
    },
    unregisterCallback: (id: number) => callbacks.delete(id),
    runCallback: (id: number, data: unknown) => callbacks.get(id)?.(data),
    callbacks,
    metadata: { currentWindow: { label: 'main' }, currentWebview: { windowLabel: 'main', label: 'main' } },
  };
  w.__TAURI_EVENT_PLUGIN_INTERNALS__ = { unregisterListener: () => undefined };
}
