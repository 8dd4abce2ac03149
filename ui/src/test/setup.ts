import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// jsdom does no layout: give elements a size so the virtualised queue renders its rows.
Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 800 });
Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 600 });
Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 800 });
Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 600 });
if (!('scrollTo' in Element.prototype)) {
  Object.defineProperty(Element.prototype, 'scrollTo', { configurable: true, value: () => undefined });
}

afterEach(() => cleanup());

// Enough of the shell's internals for the API's `Channel` to be made (batch progress, change feed).
const internals = window as unknown as { __TAURI_INTERNALS__?: object };
let callbacks = 0;
internals.__TAURI_INTERNALS__ ??= { transformCallback: () => ++callbacks, unregisterCallback: () => undefined };

// No test reaches a real shell: `invoke` answers only what `mockIpc` (src/test/ipc) installs.
vi.mock('@tauri-apps/api/core', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@tauri-apps/api/core')>()),
  invoke: vi.fn(() => Promise.reject({ code: 'internal', message: 'IPC non simulato in questo test.' })),
}));
