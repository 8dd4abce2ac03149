// pdf.js for the attachment viewer, loaded on first use: the legacy build (WebKitGTK), its worker
// bundled by Vite and served from the app itself, no eval, no scripting (pdf.js's core runs none:
// only its full viewer has a sandbox, which is not used), nothing fetched but the standard fonts
// shipped with the app. Parsing and drawing commands run in the worker; the window only paints the
// one page shown.
import type { PDFDocumentProxy, RenderTask } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextContent } from 'pdfjs-dist/types/src/display/api';

/** One piece of a page's text as pdf.js streams it. */
type TextChunk = Pick<TextContent, 'items'>;

/** A PDF opened for the viewer. */
export interface PdfDocument {
  readonly pageCount: number;
  /** Draws page `number` (1-based) on `canvas` at `scale` (1 = 72 dpi in CSS pixels); resolves
   * once painted, rejects with `cancelled` set when a newer render replaced it. */
  renderPage(number: number, canvas: HTMLCanvasElement, scale: number): { done: Promise<void>; cancel(): void };
  /** The page's text, lines as pdf.js finds them (for screen readers). */
  pageText(number: number): Promise<string>;
  close(): void;
}

/** Why a PDF could not be opened, in words for the officer. */
export type PdfProblem = 'damaged' | 'password';

export class PdfOpenError extends Error {
  constructor(readonly problem: PdfProblem) {
    super(problem);
    this.name = 'PdfOpenError';
  }
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type Loaded = { lib: PdfJs; worker: InstanceType<PdfJs['PDFWorker']> };

let loading: Promise<Loaded> | null = null;

/** pdf.js and its one worker for the app's life (closing a document leaves it running; a worker per
 * document would cost a start each). */
function pdfjs(): Promise<Loaded> {
  loading ??= import('pdfjs-dist/legacy/build/pdf.mjs').then(
    (lib) => {
      const port = new Worker(new URL('pdfjs-dist/legacy/build/pdf.worker.mjs', import.meta.url), { type: 'module' });
      // pdf.js types `port` as null (its JSDoc says `Worker`): the cast is its own typing slip.
      return { lib, worker: new lib.PDFWorker({ port: port as unknown as null }) };
    },
    (e: unknown) => {
      loading = null; // tried again at the next opening
      throw e;
    },
  );
  return loading;
}

/** Where the standard fonts (Helvetica, Times… as Foxit and Liberation) are served: in the build,
 * copied by vite.config.ts; in development, straight from node_modules. */
function standardFontDataUrl(): string {
  const path = import.meta.env.DEV ? '/node_modules/pdfjs-dist/standard_fonts/' : 'pdfjs/standard_fonts/';
  return new URL(path, document.baseURI).href;
}

/** Opens `bytes` (copied: pdf.js hands its buffer to the worker). A file pdf.js cannot read, or
 * that does not answer within `timeoutMs`, is `PdfOpenError('damaged')`. */
export async function openPdf(bytes: ArrayBuffer, timeoutMs = 30_000): Promise<PdfDocument> {
  const { lib, worker } = await pdfjs();
  const task = lib.getDocument({
    data: new Uint8Array(bytes.slice(0)),
    worker,
    isEvalSupported: false,
    enableXfa: false,
    standardFontDataUrl: standardFontDataUrl(),
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: lib.VerbosityLevel.ERRORS,
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PdfOpenError('damaged')), timeoutMs);
  });
  try {
    const doc = await Promise.race([task.promise, late]);
    return wrap(doc);
  } catch (e) {
    void task.destroy();
    if (e instanceof PdfOpenError) throw e;
    throw new PdfOpenError(e instanceof Error && e.name === 'PasswordException' ? 'password' : 'damaged');
  } finally {
    clearTimeout(timer);
  }
}

function wrap(doc: PDFDocumentProxy): PdfDocument {
  return {
    pageCount: doc.numPages,
    renderPage(number, canvas, scale) {
      let task: RenderTask | null = null;
      let cancelled = false;
      const done = doc.getPage(number).then((page) => {
        if (cancelled) throw Object.assign(new Error('cancelled'), { cancelled: true });
        const viewport = page.getViewport({ scale });
        const ratio = window.devicePixelRatio || 1;
        canvas.width = Math.floor(viewport.width * ratio);
        canvas.height = Math.floor(viewport.height * ratio);
        canvas.style.width = `${Math.floor(viewport.width)}px`;
        canvas.style.height = `${Math.floor(viewport.height)}px`;
        task = page.render({
          canvas,
          viewport,
          transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
        });
        return task.promise.catch((e: unknown) => {
          if (cancelled) throw Object.assign(new Error('cancelled'), { cancelled: true });
          throw e;
        });
      });
      return {
        done,
        cancel() {
          cancelled = true;
          task?.cancel();
        },
      };
    },
    async pageText(number) {
      const page = await doc.getPage(number);
      // Read through the stream's reader: `getTextContent` iterates it with `for await`, which
      // WebKitGTK's ReadableStream does not support (and the legacy build does not polyfill).
      const reader = (page.streamTextContent() as ReadableStream<TextChunk>).getReader();
      let text = '';
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        for (const item of chunk.value.items) {
          if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
        }
      }
      return text.trim();
    },
    close() {
      void doc.destroy();
    },
  };
}
