import { describe, expect, it } from 'vitest';
import { toApiError } from './index';

describe('toApiError', () => {
  it("keeps the backend's Italian message for every code it sends", () => {
    const down = toApiError({ code: 'unavailable', message: 'Il server del database non risponde.' });
    expect([down.code, down.message]).toEqual(['unavailable', 'Il server del database non risponde.']);
    const pin = toApiError({ code: 'pinIncorrect', message: 'PIN errato' });
    expect([pin.code, pin.message]).toEqual(['pinIncorrect', 'PIN errato']);
  });

  it('shows the generic message for anything else', () => {
    const odd = toApiError({ code: 'sconosciuto', message: 'dettaglio tecnico' });
    expect(odd.code).toBe('internal');
    expect(odd.message).not.toContain('dettaglio');
  });
});
