// Accessibility check of every screen: serves ui/dist, mocks the Tauri IPC, runs axe-core in
// headless Chromium (WCAG 2.1 A/AA) and fails on any serious or critical violation.
// Needs `npm run build` first. Screenshots go to /work/main/artifacts/ui/ (or $A11Y_ARTIFACTS).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildSync } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../dist');
const artifacts = process.env.A11Y_ARTIFACTS ?? path.resolve(here, '../../artifacts/ui');
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
// The same typed IPC mock the component tests use (src/test/ipc), bundled for the page.
const MOCK = buildSync({
  entryPoints: [path.resolve(here, '../src/test/ipc/install.ts')],
  bundle: true,
  format: 'iife',
  globalName: 'SportelloMock',
  target: 'es2022',
  write: false,
}).outputFiles[0].text;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

let server;
let origin;
let browser;

function serveDist() {
  return new Promise((resolve) => {
    const s = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let file = path.join(dist, decodeURIComponent(url.pathname));
      if (!file.startsWith(dist)) file = path.join(dist, 'index.html');
      if (!existsSync(file) || statSync(file).isDirectory()) file = path.join(dist, 'index.html');
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      createReadStream(file).pipe(res);
    });
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

/** A fresh page with the mocked IPC for the given role (null: logged out). */
async function openApp(role, total, extra = {}) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'it-IT' });
  const page = await context.newPage();
  const outside = [];
  page.on('request', (r) => {
    // blob: URLs of the page's own origin are files it holds (the attachment viewer's images).
    if (![origin, 'data:', `blob:${origin}/`].some((own) => r.url().startsWith(own))) outside.push(r.url());
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const options = JSON.stringify({ role, total, ...extra });
  await page.addInitScript({ content: `${MOCK}\nSportelloMock.installMockIpc(${options});` });
  await page.goto(`${origin}/index.html`);
  return { page, context, outside, errors };
}

async function check(app, name) {
  const { page } = app;
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n  ')}`);
  assert.deepEqual(report, [], `axe violations on "${name}":\n${report.join('\n')}`);
  assert.deepEqual(app.outside, [], 'the app fetched something from outside');
  assert.deepEqual(app.errors, [], 'uncaught errors in the page');
}

async function selectRow(page, id) {
  await page.locator(`[data-testid=queue-row][data-id="${id}"]`).click();
  await page.waitForSelector(`[data-testid=detail] h2:text("2025/${String(id).padStart(6, '0')}")`);
}

describe('accessibility (axe, WCAG 2.1 AA)', () => {
  before(async () => {
    assert.ok(existsSync(path.join(dist, 'index.html')), 'ui/dist missing: run `npm run build` first');
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} missing: apt-get install -y chromium`);
    server = await serveDist();
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise((r) => (server ? server.close(r) : r()));
  });

  it('login, with a failed attempt', async () => {
    const app = await openApp(null);
    await app.page.waitForSelector('#username');
    assert.equal(await app.page.title(), 'Sportello');
    assert.equal(await app.page.getAttribute('html', 'lang'), 'it');
    await check(app, '01-login');
    await app.page.fill('#username', 'mrossi');
    await app.page.fill('#password', 'sbagliata');
    await app.page.click('[data-testid=login-submit]');
    await app.page.waitForSelector('[role=alert]');
    await check(app, '02-login-error');
    await app.context.close();
  });

  it('queue and submissions in several states (officer, demo data)', async () => {
    const app = await openApp('operatore');
    const { page } = app;
    await page.waitForSelector('[data-testid=queue-row]');
    await page.waitForSelector('[data-testid=demo-banner]');
    await check(app, '03-queue');
    const states = { 1: 'received', 2: 'inReview', 3: 'integration-requested', 4: 'notice-sent', 5: 'approved' };
    for (const [id, label] of Object.entries(states)) {
      await selectRow(page, id);
      if (label === 'approved') await page.waitForSelector('[data-testid=issued-certificate]');
      await check(app, `04-detail-${id}-${label}`);
    }
    await app.context.close();
  });

  it('action forms: template with an unfilled placeholder, an error, the final rejection', async () => {
    const app = await openApp('operatore');
    const { page } = app;
    await page.waitForSelector('[data-testid=queue-row]');
    await selectRow(page, 2);
    await page.click('[data-action=approve]');
    await page.selectOption('#action-template', { label: 'Domanda ammessa in graduatoria' });
    await page.waitForSelector('text=Completare i campi tra doppie parentesi graffe');
    await check(app, '05-action-approve-placeholder');
    await page.fill('#action-text', 'Requisiti verificati.');
    await page.click('[data-testid=action-confirm]');
    await page.waitForSelector('[role=dialog] [role=alert]');
    assert.equal(await page.inputValue('#action-text'), 'Requisiti verificati.');
    await check(app, '06-action-error');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[role=dialog]', { state: 'detached' });
    await selectRow(page, 4);
    await page.click('[data-action=confirmRejection]');
    await page.waitForSelector('#action-answer');
    await check(app, '07-action-confirm-rejection');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[role=dialog]', { state: 'detached' });
    await page.click('[data-testid=counter-open]');
    await page.waitForSelector('#counter-fiscalCode');
    await check(app, '07b-counter-entry');
    await app.context.close();
  });

  it("head's assignment dialog", async () => {
    const app = await openApp('responsabile');
    const { page } = app;
    await page.waitForSelector('[data-testid=queue-row]');
    await selectRow(page, 2);
    await page.click('[data-testid=assign-open]');
    await page.waitForSelector('#assign-officer');
    await check(app, '08-assign-dialog');
    await app.context.close();
  });

  it('contact log: the dialog (empty, refused), the log with a callback, the callbacks due in the queue', async () => {
    const app = await openApp('operatore');
    const { page } = app;
    await page.waitForSelector('[data-testid=queue-row]');
    await selectRow(page, 2);
    await page.click('[data-testid=contact-open]');
    await page.waitForSelector('#contact-summary');
    await check(app, '18-contact-dialog');
    await page.click('[data-testid=contact-confirm]');
    await page.waitForSelector('[role=dialog] [role=alert]');
    await check(app, '18b-contact-dialog-refused');
    await page.fill('#contact-summary', 'Non riesce ad allegare il contratto dal portale.');
    await page.fill('#contact-outcome', 'Spiegato come convertirlo in PDF.');
    const today = await page.evaluate(() => {
      const d = new Date();
      const pad = (n) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    });
    await page.fill('#contact-callback-due', today);
    await page.selectOption('#contact-callback-by', { label: 'Lucia Verdi' });
    await page.click('[data-testid=contact-confirm]');
    await page.waitForSelector('[role=dialog]', { state: 'detached' });
    // A late one too (the mock takes a past day; the shell would refuse it), to check its marking.
    await selectRow(page, 3);
    await page.click('[data-testid=contact-open]');
    await page.fill('#contact-summary', 'Chiede quando arriva il contributo.');
    await page.fill('#contact-callback-due', '2020-01-02');
    await page.click('[data-testid=contact-confirm]');
    await page.waitForSelector('[role=dialog]', { state: 'detached' });
    await page.waitForSelector('[data-testid=callback-item][data-late=true]');
    await page.click('[data-testid=callback-item][data-submission="2"]');
    await page.waitForSelector('[data-testid=contact-entry] [data-testid=callback-done]');
    await check(app, '19-queue-callbacks-due');
    await app.context.close();
  });

  it('attachment viewer: a PDF drawn by pdf.js in its worker, page 2 with its text, a photo', async () => {
    const app = await openApp('operatore');
    const { page } = app;
    await page.waitForSelector('[data-testid=queue-row]');
    await selectRow(page, 2);
    await page.click('[data-testid=attachment][data-id="1"] [data-testid=attachment-view]');
    await page.waitForSelector('[data-testid=pdf-page][data-rendered-page="1"][data-page-count="3"]');
    await page.click('[data-testid=pdf-next]');
    await page.waitForSelector('[data-testid=pdf-page][data-rendered-page="2"]');
    await page.click('button:text("Testo della pagina")');
    await page.waitForSelector('[data-testid=pdf-text]:text("Articolo 1")');
    // Something was painted: the canvas is not blank.
    const inked = await page.evaluate(() => {
      const canvas = document.querySelector('[data-testid=pdf-page] canvas');
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] < 128) dark += 1;
      return dark;
    });
    assert.ok(inked > 100, `page 2 is drawn (${inked} dark pixels)`);
    await check(app, '20-attachment-pdf-page-2');
    await page.keyboard.press('Escape');
    await page.click('[data-testid=attachment][data-id="2"] [data-testid=attachment-view]');
    await page.waitForSelector('[data-testid=attachment-image]');
    await page.waitForFunction(() => document.querySelector('[data-testid=attachment-image]')?.complete);
    await check(app, '21-attachment-photo');
    await app.context.close();
  });

  it('100k-row queue: pages of 200 by keyset cursor, only visible rows in the DOM', async () => {
    const app = await openApp('operatore', 100_000);
    const { page } = app;
    await page.waitForSelector('[data-testid=queue-row]');
    for (let i = 0; i < 3; i++) {
      await page.evaluate(() => {
        const list = document.querySelector('[role=listbox]');
        list.scrollTop = list.scrollHeight;
      });
      await page.waitForFunction((n) => window.__ipcCalls.filter((c) => c.cmd === 'queue_page').length >= n, i + 2);
    }
    const afters = await page.evaluate(() =>
      window.__ipcCalls.filter((c) => c.cmd === 'queue_page').map((c) => [c.args.query.after, c.args.query.limit]),
    );
    assert.deepEqual(afters.slice(0, 4), [[null, 200], ['200', 200], ['400', 200], ['600', 200]]);
    const inDom = await page.locator('[data-testid=queue-row]').count();
    assert.ok(inDom < 60, `${inDom} rows in the DOM`);
    await check(app, '10-queue-scrolled');
    await app.context.close();
  });

  it("head's certificate batch and the verification screen", async () => {
    const app = await openApp('responsabile');
    const { page } = app;
    await page.getByRole('button', { name: 'Firma certificati' }).click();
    await page.waitForSelector('[data-testid=pending-row]');
    await page.waitForSelector('#sign-pin');
    await check(app, '13-sign-batch');
    await page.getByRole('button', { name: 'Verifica' }).click();
    await page.setInputFiles('#verify-file', { name: 'certificato.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7') });
    await page.waitForSelector('[data-testid=verify-report]');
    await check(app, '14-verify-report');
    await app.context.close();
  });

  it('admin users screen', async () => {
    const app = await openApp('amministratore');
    const { page } = app;
    await page.getByRole('button', { name: 'Utenti' }).click();
    await page.waitForSelector('[data-testid=user-row]');
    await check(app, '09-users');
    await page.locator('[data-testid=user-edit]').first().click();
    await page.waitForSelector('#edit-role');
    await check(app, '09b-edit-user');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[role=dialog]', { state: 'detached' });
    await page.getByRole('button', { name: 'Registro di controllo' }).click();
    await page.waitForSelector('[data-testid=audit-head]');
    await page.fill('#anchor-seq', '1000');
    await page.fill('#anchor-hash', 'ab'.repeat(32));
    await page.click('[data-testid=audit-verify]');
    await page.waitForSelector('[data-testid=audit-problem]');
    await check(app, '09c-audit-altered');
    await app.context.close();
  });

  it('admin «Sincronizzazione»: the link at a glance, a failed delivery sent again, a run going on', async () => {
    let app = await openApp('amministratore');
    let { page } = app;
    await page.getByRole('button', { name: 'Sincronizzazione' }).click();
    await page.waitForSelector('[data-testid=sync-simulated]');
    await page.waitForSelector('[data-testid=quarantine-row]');
    await check(app, '17-sync');
    await page.click('[data-testid=outbox-retry]');
    await page.waitForSelector('[data-testid=outbox-row][data-id="104"][data-state=waiting]');
    await check(app, '17b-sync-retried');
    await app.context.close();
    app = await openApp('amministratore', undefined, { syncRunning: true });
    ({ page } = app);
    await page.getByRole('button', { name: 'Sincronizzazione' }).click();
    await page.waitForSelector('[role=progressbar][aria-valuenow="10"]');
    await check(app, '17c-sync-running');
    await app.context.close();
  });

  it('idle lock screen', async () => {
    const app = await openApp('operatore', undefined, { idleLockMinutes: 0.01 });
    await app.page.waitForSelector('[data-testid=lock-screen]');
    await check(app, '15-idle-lock');
    await app.context.close();
  });

  it('password change at first login', async () => {
    const app = await openApp('operatore', undefined, { passwordChangeDue: true });
    await app.page.waitForSelector('[data-testid=password-change-submit]');
    await check(app, '16-password-change');
    await app.page.fill('#new-password', 'una-password-lunga');
    await app.page.fill('#new-password-again', 'un-altra-password');
    await app.page.click('[data-testid=password-change-submit]');
    await app.page.waitForSelector('[role=alert]');
    await check(app, '16b-password-change-mismatch');
    await app.context.close();
  });

  it('records manager register screen', async () => {
    const app = await openApp('protocollo');
    const { page } = app;
    await page.waitForSelector('[data-testid=register-row]');
    await check(app, '11-register');
    await page.locator('[data-testid=register-row][data-annulled=false] button').first().click();
    await page.waitForSelector('#annul-act');
    await check(app, '12-annul-dialog');
    await app.context.close();
  });
});
