import { render, screen, waitFor, within } from '../../test/render';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatDate } from '../../format';
import { fail } from '../../test/ipc/handlers';
import { argsOf, mockIpc } from '../../test/ipc/vitest';
import { Announcer } from '../Announcer';
import { Detail } from './Detail';
import type { PdfDocument } from './pdf';

// jsdom has no canvas and no worker: pdf.js stands in as a document that reads the page count from
// the PDF's page tree and records which pages were drawn. What it reads is what the mock shell
// sends: the domain's own three-page stand-in (src/test/sampleFiles.ts).
const drawn: number[] = [];
vi.mock('./pdf', async (importOriginal) => {
  const real = await importOriginal<typeof import('./pdf')>();
  return {
    ...real,
    openPdf: async (bytes: ArrayBuffer): Promise<PdfDocument> => {
      const text = new TextDecoder('latin1').decode(bytes);
      const count = /\/Type \/Pages .*\/Count (\d+)/.exec(text)?.[1];
      if (!text.startsWith('%PDF-') || !count) throw new real.PdfOpenError('damaged');
      return {
        pageCount: Number(count),
        renderPage: (n, canvas) => {
          drawn.push(n);
          canvas.width = 595;
          return { done: Promise.resolve(), cancel: () => undefined };
        },
        pageText: async (n) => `Testo della pagina ${n}`,
        close: () => undefined,
      };
    },
  };
});

function renderDetail(overrides = {}) {
  mockIpc({ role: 'operatore', total: 16 }, overrides);
  render(
    <Announcer>
      <Detail id={2} onSelect={vi.fn()} />
    </Announcer>,
  );
}

const row = async (name: string) => {
  const items = await screen.findAllByTestId('attachment');
  const item = items.find((li) => li.textContent?.includes(name));
  if (!item) throw new Error(`no attachment ${name}`);
  return within(item);
};

async function view(name: string) {
  await userEvent.click((await row(name)).getByRole('button', { name: `Visualizza ${name}` }));
  return within(await screen.findByRole('dialog', { name: `Allegato «${name}»` }));
}

beforeEach(() => {
  drawn.length = 0;
  URL.createObjectURL = vi.fn(() => 'blob:sportello/foto');
  URL.revokeObjectURL = vi.fn();
});

afterEach(() => vi.restoreAllMocks());

describe('attachments and their viewer', () => {
  it('lists each file with its registration; a distrusted one can only be saved', async () => {
    renderDetail();
    const pdf = await row('contratto-locazione.pdf');
    expect(pdf.getByText(`Prot. 2025/000002 del ${formatDate('2025-02-03T09:30:00Z')}`)).toBeInTheDocument();
    expect(pdf.getByRole('button', { name: 'Apri con il visualizzatore di sistema contratto-locazione.pdf' })).toBeInTheDocument();
    const distrusted = await row('modulo.pdf');
    expect(distrusted.getByTestId('attachment-warning')).toHaveTextContent('contiene codice o azioni automatiche');
    expect(distrusted.queryByRole('button', { name: /Visualizza/ })).toBeNull();
    expect(distrusted.queryByRole('button', { name: /Apri con/ })).toBeNull();
    expect(distrusted.getByRole('button', { name: 'Salva con nome modulo.pdf' })).toBeInTheDocument();
  });

  it('shows a PDF one page at a time, with its text for screen readers', async () => {
    renderDetail();
    const dialog = await view('contratto-locazione.pdf');
    expect(argsOf('read_attachment')).toEqual([{ id: 1 }]);
    expect(await dialog.findByTestId('pdf-position')).toHaveTextContent('Pagina 1 di 3');
    await waitFor(() => expect(dialog.getByTestId('pdf-page')).toHaveAttribute('data-rendered-page', '1'));
    expect(dialog.getByRole('img', { name: 'Pagina 1 di 3 di «contratto-locazione.pdf»' })).toBeInTheDocument();
    expect(dialog.getByText(/^Prot\. 2025\/000002 del/)).toBeInTheDocument();
    expect(dialog.getByText('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08')).toBeInTheDocument();

    const previous = dialog.getByRole('button', { name: 'Pagina precedente' });
    expect(previous).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(dialog.getByRole('button', { name: 'Pagina successiva' }));
    expect(dialog.getByTestId('pdf-position')).toHaveTextContent('Pagina 2 di 3');
    await waitFor(() => expect(dialog.getByTestId('pdf-page')).toHaveAttribute('data-rendered-page', '2'));
    await userEvent.click(dialog.getByRole('button', { name: 'Testo della pagina' }));
    expect(dialog.getByTestId('pdf-text')).toBeVisible();
    expect(dialog.getByTestId('pdf-text')).toHaveTextContent('Testo della pagina 2');

    // Keyboard: PageDown to the last page, which stops there.
    dialog.getByRole('button', { name: 'Pagina successiva' }).focus();
    await userEvent.keyboard('{PageDown}{PageDown}');
    expect(dialog.getByTestId('pdf-position')).toHaveTextContent('Pagina 3 di 3');
    expect(dialog.getByRole('button', { name: 'Pagina successiva' })).toHaveAttribute('aria-disabled', 'true');
    expect(drawn).toEqual([1, 2, 3]);

    await userEvent.click(dialog.getByRole('button', { name: 'Ingrandisci la pagina' }));
    expect(dialog.getByText('150%')).toBeInTheDocument();
    expect(drawn).toEqual([1, 2, 3, 3]);
  });

  it('draws only the page shown of a long PDF', async () => {
    renderDetail({ read_attachment: () => new TextEncoder().encode('%PDF-1.4 << /Type /Pages /Count 200 >>').buffer });
    const dialog = await view('contratto-locazione.pdf');
    expect(await dialog.findByTestId('pdf-position')).toHaveTextContent('Pagina 1 di 200');
    await waitFor(() => expect(dialog.getByTestId('pdf-page')).toHaveAttribute('data-rendered-page', '1'));
    await userEvent.click(dialog.getByRole('button', { name: 'Pagina successiva' }));
    await waitFor(() => expect(dialog.getByTestId('pdf-page')).toHaveAttribute('data-rendered-page', '2'));
    expect(drawn).toEqual([1, 2]);
  });

  it('closes with Escape and gives the focus back to the button that opened it', async () => {
    renderDetail();
    await view('contratto-locazione.pdf');
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((await row('contratto-locazione.pdf')).getByRole('button', { name: /^Visualizza/ })).toHaveFocus();
  });

  it('says a malformed PDF is damaged instead of hanging', async () => {
    renderDetail({ read_attachment: () => new TextEncoder().encode('%PDF-1.4 troncato').buffer });
    const dialog = await view('contratto-locazione.pdf');
    expect(await dialog.findByRole('alert')).toHaveTextContent(
      'Il PDF è danneggiato o non leggibile: salvarlo e chiederne una copia al cittadino.',
    );
    expect(dialog.queryByTestId('pdf-page')).toBeNull();
  });

  it('shows a photo inline, named by its file name', async () => {
    renderDetail();
    const dialog = await view('documento-identita.jpg');
    const image = await dialog.findByRole('img', { name: 'documento-identita.jpg' });
    expect(image).toHaveAttribute('src', 'blob:sportello/foto');
    expect(URL.createObjectURL).toHaveBeenCalledWith(expect.any(Blob));
  });

  it("shows the shell's refusal in the viewer", async () => {
    const message = 'L’immagine dichiara 100000 × 100000 pixel: troppo grande per essere mostrata senza bloccare la finestra.';
    renderDetail({ read_attachment: () => fail('illegalAction', message) });
    const dialog = await view('documento-identita.jpg');
    const alert = await dialog.findByRole('alert');
    expect(alert).toHaveTextContent(message);
    expect(alert).toHaveAttribute('data-error-code', 'illegalAction');
    expect(dialog.queryByRole('img')).toBeNull();
  });

  it('hands a file to the system viewer and says so', async () => {
    renderDetail();
    await userEvent.click((await row('contratto-locazione.pdf')).getByRole('button', { name: /^Apri con il visualizzatore/ }));
    await waitFor(() => expect(argsOf('open_attachment')).toEqual([{ id: 1 }]));
    expect(await screen.findByText('«contratto-locazione.pdf» aperto con il visualizzatore di sistema')).toBeInTheDocument();
  });
});
