// End-to-end, issue 12: a submission that arrived from the (simulated) portal is worked in the real
// window — the officer opens its PDF attachment in the viewer, writes to the citizen, records a
// phone call, takes it in charge and approves it — and the portal receives the decision exactly
// once, and the message once. The portal is the demo's local simulator, read over its own HTTP API
// (the same API the link uses), not through Sportello. Screenshots in artifacts/e2e/portal-flow-*.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';

import { ARTIFACTS, startHarness } from './harness.mjs';

let harness;

before(async () => {
  harness = await startHarness({ port: 4490, env: { SPORTELLO_NO_PORTAL: undefined } });
});

after(async () => {
  await harness?.stop();
});

const PASSWORD = 'sportello-demo';
const MESSAGE = 'Gentile cittadino, abbiamo ricevuto la domanda: la stiamo esaminando.';

async function login(app, username) {
  await app.type(await app.waitFor('#username', { timeout: 60000 }), username);
  await app.type(await app.find('#password'), PASSWORD);
  await app.click(await app.find('[data-testid=login-submit]'));
  await app.waitFor('[data-testid=logout]', { timeout: 30000 });
}

/** The simulated portal's API, as its operator account reads it (the demo's credentials). */
async function portalApi(base) {
  const auth = await fetch(`${base}/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'operatore', password: 'portale-di-prova' }),
  });
  assert.equal(auth.status, 200, 'the simulator lets its operator in');
  const { token } = await auth.json();
  const get = async (path) => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, `GET ${path}`);
    return res.json();
  };
  return { get };
}

/** A rent application the link registered (its protocol number is Sportello's), with its PDFs: a
 * decision there needs no population register (a certificate's approval runs ANPR's checks, and
 * the simulator's citizens are not in the demo's register). */
async function registeredRentApplication(portal) {
  const page = await portal.get('/applications?version=2&limit=100');
  const items = page.data ?? page;
  const found = items.find(
    (a) =>
      a.service === 'contributo-affitto-2026' &&
      String(a.status) === '3000' &&
      typeof a.protocol_number === 'string' &&
      JSON.stringify(a).includes('.pdf"'),
  );
  return found ?? null;
}

test('an officer works a synced submission and the portal receives the decision once', async () => {
  const app = await harness.open();

  // The administrator's «Sincronizzazione» names the simulated portal's address.
  await login(app, 'admin');
  await app.until(async () => {
    for (const button of await app.findAll('.app-nav-link')) {
      if ((await app.text(button)) === 'Sincronizzazione') {
        await app.click(button);
        return true;
      }
    }
    return false;
  }, 'Sincronizzazione in the navigation');
  const portalText = await app.text(await app.waitFor('[data-testid=sync-portal]', { timeout: 30000 }));
  const base = /Portale: (http:\/\/127\.0\.0\.1:\d+\/lang\/api)/.exec(portalText)?.[1];
  assert.ok(base, `the portal's address in «${portalText}»`);
  console.log(`the simulated portal: ${base} («${portalText}»)`);
  const portal = await portalApi(base);
  const application = await app.until(() => registeredRentApplication(portal), 'a registered rent application on the portal', 90000);
  const protocol = application.protocol_number;
  console.log(`the portal's application ${application.id} is Sportello's ${protocol}`);
  await app.click(await app.find('[data-testid=logout]'));

  // The officer of the department (social services) finds it by its protocol number and opens its PDF.
  await login(app, 'a.esposito');
  await app.waitFor('[data-testid=queue-row]', { timeout: 30000 });
  await app.type(await app.waitFor('#search'), protocol);
  const row = await app.until(async () => {
    const rows = await app.findAll('[data-testid=queue-row]');
    return rows.length === 1 && rows[0];
  }, `the queue filtered to ${protocol}`, 30000);
  await app.click(row);
  const header = await app.text(await app.waitFor('[data-testid=detail] header'));
  assert.ok(header.includes(protocol), header);
  const view = await app.waitFor('[data-testid=attachment-view]', { timeout: 30000 });
  await app.click(view);
  await app.waitFor('[data-testid=attachment-viewer]');
  await app.waitFor('[data-testid=pdf-page][data-rendered-page="1"]', { timeout: 30000 });
  await app.screenshot(join(ARTIFACTS, 'portal-flow-01-attachment.png'));
  await app.cmd('POST', '/actions', {
    actions: [{ type: 'key', id: 'keyboard', actions: [{ type: 'keyDown', value: '\uE00C' }, { type: 'keyUp', value: '\uE00C' }] }],
  });
  await app.until(async () => (await app.findAll('[data-testid=attachment-viewer]')).length === 0, 'the viewer closed');

  // Writes to the citizen through the portal.
  await app.type(await app.waitFor('[data-testid=messages] textarea'), MESSAGE);
  await app.click(await app.find('[data-testid=messages] button[type=submit]'));
  await app.waitFor('[data-testid=messages] li', { timeout: 15000 });

  // Records the phone call of a citizen who could not find the form.
  await app.click(await app.waitFor('[data-testid=contact-open]'));
  await app.type(await app.waitFor('#contact-summary'), 'Il cittadino chiede a che punto è la domanda.');
  await app.click(await app.find('[data-testid=contact-confirm]'));
  await app.waitFor('[data-testid=contact-entry]', { timeout: 15000 });

  // Takes it in charge and approves it.
  await app.click(await app.waitFor('[data-action=takeInCharge]'));
  await app.until(async () => (await app.attr(await app.find('[data-testid=detail-state]'), 'data-state')) === 'inReview', 'in review');
  await app.click(await app.waitFor('[data-action=approve]'));
  await app.type(await app.waitFor('#action-text'), 'Requisiti verificati: la richiesta è accolta.');
  await app.click(await app.find('[data-testid=action-confirm]'));
  await app.until(async () => (await app.attr(await app.find('[data-testid=detail-state]'), 'data-state')) === 'approved', 'approved', 30000);
  await app.screenshot(join(ARTIFACTS, 'portal-flow-02-approved.png'));

  // The link delivers in the background: the portal has the decision once, the message once.
  const started = Date.now();
  const history = await app.until(async () => {
    const entries = await portal.get(`/applications/${application.id}/history`);
    return entries.some((e) => e.status_code === 7000) && entries;
  }, 'the decision on the portal', 150000);
  console.log(`measure: the decision reached the portal ${Date.now() - started} ms after approval`);
  assert.equal(history.filter((e) => e.status_code === 7000).length, 1, 'the decision arrived once');
  const messages = await portal.get(`/applications/${application.id}/messages`);
  const ours = messages.filter((m) => (m.message ?? '').includes('la stiamo esaminando'));
  assert.equal(ours.length, 1, 'the message arrived once');
  assert.equal(ours[0].visibility, 'applicant');
  await app.quit();
});
