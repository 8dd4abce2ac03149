import { useEffect, useId, useRef, useState } from 'react';
import { ErrorAlert } from '../ErrorAlert';
import { openPdf, PdfOpenError, type PdfDocument, type PdfProblem } from './pdf';

/** Zoom steps; 100% draws a page at its printed size (72 dpi in CSS pixels). */
const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3] as const;
const DEFAULT_ZOOM = 3;

export const PROBLEMS: Record<PdfProblem, string> = {
  damaged: 'Il PDF è danneggiato o non leggibile: salvarlo e chiederne una copia al cittadino.',
  password: 'Il PDF è protetto da password e non si può mostrare: salvarlo con nome e chiedere al cittadino una copia senza password.',
};

const percent = (zoom: number) => `${Math.round(zoom * 100)}%`;

/** A PDF one page at a time: only the page shown is drawn (pdf.js parses in its worker), with its
 * text for screen readers on request. */
export function PdfPages({ bytes, name }: { bytes: ArrayBuffer; name: string }) {
  const [doc, setDoc] = useState<PdfDocument | null>(null);
  const [problem, setProblem] = useState<PdfProblem | null>(null);
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState(DEFAULT_ZOOM);
  const [rendered, setRendered] = useState(0);
  const [pageFailed, setPageFailed] = useState(false);
  const [text, setText] = useState<string | null>(null);
  const [showText, setShowText] = useState(false);
  const canvas = useRef<HTMLCanvasElement>(null);
  const textId = useId();

  useEffect(() => {
    let live = true;
    let opened: PdfDocument | null = null;
    openPdf(bytes).then(
      (d) => {
        if (live) {
          opened = d;
          setDoc(d);
        } else d.close();
      },
      (e: unknown) => {
        if (live) setProblem(e instanceof PdfOpenError ? e.problem : 'damaged');
      },
    );
    return () => {
      live = false;
      opened?.close();
    };
  }, [bytes]);

  useEffect(() => {
    if (!doc || !canvas.current) return;
    setRendered(0);
    setPageFailed(false);
    const job = doc.renderPage(page, canvas.current, ZOOMS[zoom] ?? 1);
    job.done.then(
      () => setRendered(page),
      (e: unknown) => {
        if (!(e && typeof e === 'object' && 'cancelled' in e)) setPageFailed(true);
      },
    );
    return () => job.cancel();
  }, [doc, page, zoom]);

  useEffect(() => {
    if (!doc) return;
    let live = true;
    setText(null);
    doc.pageText(page).then(
      (t) => live && setText(t),
      () => live && setText(''),
    );
    return () => {
      live = false;
    };
  }, [doc, page]);

  if (problem) return <ErrorAlert error={PROBLEMS[problem]} />;
  if (!doc) {
    return (
      <p role="status" aria-busy="true">
        Apertura del PDF…
      </p>
    );
  }

  const count = doc.pageCount;
  const go = (to: number) => setPage(Math.min(count, Math.max(1, to)));
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'PageDown') go(page + 1);
    else if (event.key === 'PageUp') go(page - 1);
    else return;
    event.preventDefault();
  };

  return (
    <div className="sp-pdf" onKeyDown={onKeyDown}>
      <div className="sp-pdf-toolbar" role="toolbar" aria-label="Pagine e ingrandimento">
        <button type="button" className="btn btn-sm btn-outline-primary" aria-disabled={page <= 1} onClick={() => go(page - 1)} data-testid="pdf-previous">
          Pagina precedente
        </button>
        <span className="sp-pdf-position" aria-live="polite" data-testid="pdf-position">
          Pagina {page} di {count}
        </span>
        <button type="button" className="btn btn-sm btn-outline-primary" aria-disabled={page >= count} onClick={() => go(page + 1)} data-testid="pdf-next">
          Pagina successiva
        </button>
        <span className="sp-pdf-zoom">
          <button type="button" className="btn btn-sm btn-outline-secondary" aria-disabled={zoom <= 0} onClick={() => setZoom(Math.max(0, zoom - 1))}>
            Riduci <span className="visually-hidden">la pagina</span>
          </button>
          <span aria-live="polite">
            <span className="visually-hidden">Ingrandimento </span>
            {percent(ZOOMS[zoom] ?? 1)}
          </span>
          <button type="button" className="btn btn-sm btn-outline-secondary" aria-disabled={zoom >= ZOOMS.length - 1} onClick={() => setZoom(Math.min(ZOOMS.length - 1, zoom + 1))}>
            Ingrandisci <span className="visually-hidden">la pagina</span>
          </button>
        </span>
        <button type="button" className={`btn btn-sm ${showText ? 'btn-secondary' : 'btn-outline-secondary'}`} aria-expanded={showText} aria-controls={textId} onClick={() => setShowText(!showText)} data-testid="pdf-text-toggle">
          Testo della pagina
        </button>
      </div>
      <div id={textId} className="sp-pdf-text" hidden={!showText} tabIndex={showText ? 0 : -1} data-testid="pdf-text">
        {text === null ? 'Lettura del testo…' : text || 'Questa pagina non contiene testo leggibile (è forse una scansione).'}
      </div>
      {pageFailed && <ErrorAlert error={`La pagina ${page} non si può mostrare: il PDF è danneggiato. Salvarlo e chiederne una copia al cittadino.`} />}
      {/* Focusable so a zoomed page scrolls with the arrow keys. */}
      <div
        className="sp-pdf-page"
        role="region"
        aria-label="Pagina del documento"
        tabIndex={0}
        aria-busy={rendered !== page}
        data-rendered-page={rendered || undefined}
        data-page-count={count}
        data-testid="pdf-page"
      >
        <canvas ref={canvas} role="img" aria-label={`Pagina ${page} di ${count} di «${name}»`} />
      </div>
    </div>
  );
}
