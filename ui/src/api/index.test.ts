import { invoke } from '@tauri-apps/api/core';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, applyAction, queuePage } from './index';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

describe('api', () => {
  it('passes the argument objects the commands expect', async () => {
    vi.mocked(invoke).mockResolvedValue({ rows: [], next: null });
    const query = { filter: { service: null, states: [], assignee: { kind: 'any' as const }, deadline: 'any' as const, search: null }, sort: 'receivedAt' as const, dir: 'desc' as const, after: null, limit: 200 };
    await queuePage(query);
    expect(invoke).toHaveBeenCalledWith('queue_page', { query });
  });

  it('turns an AppError rejection into an ApiError with its code and message', async () => {
    vi.mocked(invoke).mockRejectedValue({ code: 'illegalAction', message: 'Azione non consentita nello stato attuale.' });
    const error = await applyAction(1, { kind: 'takeInCharge' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'illegalAction', message: 'Azione non consentita nello stato attuale.' });
  });

  it('turns anything else into an internal error with a generic Italian message', async () => {
    vi.mocked(invoke).mockRejectedValue('boom');
    const error = await applyAction(1, { kind: 'takeInCharge' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'internal' });
    expect((error as ApiError).message).toMatch(/errore imprevisto/);
  });
});
