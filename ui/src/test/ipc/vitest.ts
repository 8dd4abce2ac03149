// The typed IPC mock for component tests: `invoke` (mocked in setup.ts) answers from the same
// handlers the accessibility run installs in the page. Overrides change one command for a test.
import { invoke } from '@tauri-apps/api/core';
import { vi } from 'vitest';
import { createHandlers, dispatch, type Handlers, type MockOptions } from './handlers';

export function mockIpc(options: MockOptions, overrides: Partial<Handlers> = {}): Handlers {
  const handlers: Handlers = { ...createHandlers(options), ...overrides };
  vi.mocked(invoke).mockClear();
  vi.mocked(invoke).mockImplementation((cmd, args) => dispatch(handlers, cmd, args) as Promise<never>);
  return handlers;
}

/** The commands invoked so far, in order. */
export const invoked = () => vi.mocked(invoke).mock.calls.map(([cmd]) => cmd);

/** The arguments of each call of `command` so far, in order. */
export const argsOf = (command: string) =>
  vi.mocked(invoke).mock.calls.filter(([cmd]) => cmd === command).map(([, args]) => args);
