// End-to-end, the portal link: the demo started as a newcomer starts it, with the local portal
// simulator on (the other tests turn it off). Its generated applications arrive in the background
// within seconds; the administrator opens «Sincronizzazione» and sees the run that brought them,
// marked as a simulated portal. Screenshot in artifacts/e2e/.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';

import { ARTIFACTS, startHarness } from './harness.mjs';

let harness;

before(async () => {
  harness = await startHarness({ port: 4460, env: { SPORTELLO_NO_PORTAL: undefined } });
});

after(async () => {
  await harness?.stop();
});

/** The count the screen shows for `kind` (waiting, failed, quarantined). */
async function count(app, kind) {
  const text = await app.text(await app.find(`[data-testid=sync-count][data-kind=${kind}] dd`));
  return Number(text.replace(/\./g, ''));
}

test('the demo syncs with the simulated portal and the administrator sees the run', async () => {
  const app = await harness.open();
  await app.type(await app.waitFor('#username', { timeout: 60000 }), 'admin');
  await app.type(await app.find('#password'), 'sportello-demo');
  await app.click(await app.find('[data-testid=login-submit]'));
  await app.waitFor('[data-testid=user-row]', { timeout: 30000 });

  const entry = await app.until(async () => {
    for (const button of await app.findAll('.app-nav-link')) {
      if ((await app.text(button)) === 'Sincronizzazione') return button;
    }
    return null;
  }, 'Sincronizzazione in the navigation');
  await app.click(entry);

  const badge = await app.waitFor('[data-testid=sync-simulated]', { timeout: 30000 });
  assert.equal(await app.text(badge), 'Portale simulato (dati dimostrativi)');
  assert.match(await app.text(await app.find('[data-testid=sync-portal]')), /Portale: http:\/\/127\.0\.0\.1:\d+\//);

  // The first run starts with the app; the screen reads itself again every few seconds.
  const started = Date.now();
  const last = await app.until(async () => {
    const el = await app.find('[data-testid=sync-last-run]');
    const created = Number(await app.attr(el, 'data-created'));
    return (await app.attr(el, 'data-finished')) === 'true' && created > 0 && el;
  }, 'a finished run that brought submissions', 60000);
  console.log(`measure: «Sincronizzazione» shows the arrived submissions ${Date.now() - started} ms after opening`);
  const summary = await app.text(last);
  assert.match(summary, /Ultima sincronizzazione: \d{2}\/\d{2}\/\d{4}, \d{2}:\d{2} — (completata|interrotta)/);
  assert.match(summary, /Lette dal portale \d+ domande: \d+ nuov[ae] pratic[ah]e?/);
  console.log(`the last run: ${summary.replace(/\s+/g, ' ')}`);

  // What the counts say is what the tables list (both from the same answer of the shell).
  await app.until(async () => {
    const outbox = (await app.findAll('[data-testid=outbox-row]')).length;
    const quarantine = (await app.findAll('[data-testid=quarantine-row]')).length;
    return (await count(app, 'waiting')) + (await count(app, 'failed')) === outbox && (await count(app, 'quarantined')) === quarantine;
  }, 'the counts to match the tables');

  await app.screenshot(join(ARTIFACTS, 'sync-01-simulated-portal.png'));
  await app.quit();
});
