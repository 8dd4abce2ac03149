// End-to-end, the attachment viewer in the real window (WebKitGTK): an officer opens a demo
// submission's PDF, which the shell sends as raw bytes after checking its SHA-256; pdf.js draws
// page 1 of 3 in its worker under the app's CSP, then page 2, with the page's text for screen
// readers. Screenshot in artifacts/e2e/viewer-01-pdf.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';

import { ARTIFACTS, startHarness } from './harness.mjs';

let harness;

before(async () => {
  harness = await startHarness({ port: 4470 });
});

after(async () => {
  await harness?.stop();
});

/** Dark pixels on the viewer's canvas: more than a few means the page was painted. */
const INK = `
  const canvas = document.querySelector('[data-testid=pdf-page] canvas');
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let dark = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] < 128 && data[i + 3] > 0) dark += 1;
  return dark;`;

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** The elements matching `css` inside `el`. */
async function findAllIn(app, el, css) {
  const found = await app.cmd('POST', `/element/${el}/elements`, { using: 'css selector', value: css });
  return found.map((e) => e[ELEMENT]);
}

const FONT = `
  const request = new XMLHttpRequest();
  request.open('GET', 'pdfjs/standard_fonts/LiberationSans-Regular.ttf', false);
  try { request.send(); } catch { return 'refused'; }
  return request.status;`;

/** Selects the queue's submissions one by one until one has a PDF the window may show. */
async function openSubmissionWithPdf(app) {
  await app.select('#filter-service', 'certificato-anagrafico');
  await app.waitFor('[data-testid=queue-row]', { timeout: 30000 });
  const ids = await Promise.all((await app.findAll('[data-testid=queue-row]')).map((r) => app.attr(r, 'data-id')));
  for (const id of ids) {
    await app.click(await app.find(`[data-testid=queue-row][data-id="${id}"]`));
    await app.waitFor(`[data-testid=queue-row][data-id="${id}"][aria-selected=true]`);
    await app.waitFor('#attachments-title');
    for (const item of await app.findAll('[data-testid=attachment]')) {
      const [label] = await findAllIn(app, item, '.sp-attachment-name');
      const name = label ? await app.text(label) : '';
      const view = await findAllIn(app, item, '[data-testid=attachment-view]');
      if (name.endsWith('.pdf') && view.length > 0) return { name, view: view[0] };
    }
  }
  throw new Error(`none of the submissions ${ids.join(', ')} has a PDF to show`);
}

test('an officer reads a demo PDF page by page in the window', async () => {
  const app = await harness.open();
  await app.type(await app.waitFor('#username', { timeout: 60000 }), 'm.rossi');
  await app.type(await app.find('#password'), 'sportello-demo');
  await app.click(await app.find('[data-testid=login-submit]'));
  await app.waitFor('[data-testid=queue-row]', { timeout: 30000 });

  const { name, view } = await openSubmissionWithPdf(app);
  const started = Date.now();
  await app.click(view);
  const dialog = await app.waitFor('[data-testid=attachment-viewer]');
  assert.match(await app.text(dialog), /Prot\. \d{4}\/\d{7} del \d{2}\/\d{2}\/\d{4}/, 'the registration is shown');
  assert.match(await app.text(dialog), /[0-9a-f]{64}/, 'the whole SHA-256 is shown');
  await app.waitFor('[data-testid=pdf-page][data-rendered-page="1"][data-page-count="3"]', { timeout: 30000 });
  console.log(`measure: «Visualizza» to page 1 drawn: ${Date.now() - started} ms`);
  assert.equal(await app.text(await app.find('[data-testid=pdf-position]')), 'Pagina 1 di 3');
  assert.ok((await app.exec(INK)) > 100, 'page 1 is painted');
  // pdf.js reads the standard fonts the app ships (Helvetica is Liberation Sans) by XHR: a CSP that
  // forgot connect-src 'self' would fail it silently, and pages would be drawn in a fallback font.
  assert.equal(await app.exec(FONT), 200, 'the viewer may read the fonts it ships');

  await app.click(await app.find('[data-testid=pdf-next]'));
  await app.waitFor('[data-testid=pdf-page][data-rendered-page="2"]');
  assert.equal(await app.text(await app.find('[data-testid=pdf-position]')), 'Pagina 2 di 3');
  assert.ok((await app.exec(INK)) > 100, 'page 2 is painted');
  await app.click(await app.find('[data-testid=pdf-text-toggle]'));
  const text = await app.waitFor('[data-testid=pdf-text]');
  await app.until(async () => /dichiarazioni/.test(await app.text(text)), 'the text of page 2');
  assert.match(await app.text(text), /D\.P\.R\. 28 dicembre 2000/);
  await app.screenshot(join(ARTIFACTS, 'viewer-01-pdf.png'));
  assert.ok(name.endsWith('.pdf'));
  await app.quit();
});
