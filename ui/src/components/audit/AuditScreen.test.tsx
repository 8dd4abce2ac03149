import { render, screen, within } from '../../test/render';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockIpc, invoked } from '../../test/ipc/vitest';
import { AuditScreen } from './AuditScreen';

describe('AuditScreen', () => {
  it('shows the head and a whole chain', async () => {
    mockIpc({ role: 'amministratore' });
    render(<AuditScreen />);
    expect(await screen.findByTestId('audit-head')).toHaveTextContent('n. 1204');
    await userEvent.click(screen.getByTestId('audit-verify'));
    const report = await screen.findByTestId('audit-report');
    expect(report).toHaveAttribute('data-whole', 'true');
    expect(report).toHaveTextContent('Verificate 1204 registrazioni, dalla n. 1 alla n. 1204.');
  });

  it('checks against a printed head and says where the chain was altered', async () => {
    mockIpc({ role: 'protocollo' });
    render(<AuditScreen />);
    await userEvent.type(screen.getByLabelText('Numero'), '1000');
    await userEvent.type(screen.getByLabelText('Impronta'), 'AB'.repeat(32));
    await userEvent.click(screen.getByTestId('audit-verify'));
    const row = await screen.findByTestId('audit-problem');
    expect(within(row).getByText('n. 512')).toBeInTheDocument();
    expect(row).toHaveTextContent('Modificata');
    expect(screen.getByTestId('audit-report')).toHaveAttribute('data-whole', 'false');
  });

  it('refuses a malformed anchor without asking the core', async () => {
    mockIpc({ role: 'amministratore' });
    render(<AuditScreen />);
    await userEvent.type(screen.getByLabelText('Numero'), '12');
    await userEvent.type(screen.getByLabelText('Impronta'), 'xyz');
    await userEvent.click(screen.getByTestId('audit-verify'));
    expect(await screen.findByRole('alert')).toHaveTextContent("Indicare il numero e l'impronta");
    expect(invoked()).not.toContain('verify_audit');
  });
});
