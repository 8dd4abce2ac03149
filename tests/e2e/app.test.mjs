// End-to-end: the real Sportello window (WebKitGTK) under Xvfb, driven through tauri-driver.
// An officer logs in, filters the queue, takes a submission in charge, requests an integration,
// records the citizen's answer and approves; after a restart the decision and its history are there;
// a head reassigns a submission, signs the certificates and re-issues one. Screenshots go to artifacts/e2e/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { dirname, join } from 'node:path';

import { APP, ARTIFACTS, startHarness } from './harness.mjs';

const PASSWORD = 'sportello-demo';
// The command line beside the app (built together by scripts/test).
const CLI = join(dirname(APP), 'sportello');
let harness;
let shot = 0;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.stop();
});

async function screenshot(app, name) {
  shot += 1;
  await app.screenshot(join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`));
}

async function login(app, username) {
  await app.type(await app.waitFor('#username', { timeout: 60000 }), username);
  await app.type(await app.find('#password'), PASSWORD);
  await app.click(await app.find('[data-testid=login-submit]'));
  await app.waitFor('[data-testid=queue-row]', { timeout: 30000 });
}

async function detailState(app) {
  return app.attr(await app.waitFor('[data-testid=detail-state]'), 'data-state');
}

async function waitForState(app, state) {
  await app.until(async () => (await detailState(app)) === state, `state ${state}`);
}

/** Opens an action, fills its text and confirms. */
async function act(app, kind, text) {
  await app.click(await app.waitFor(`[data-action=${kind}]`));
  await app.type(await app.waitFor('#action-text'), text);
  await app.click(await app.find('[data-testid=action-confirm]'));
}

/** Clicks the main navigation's entry `label` once it is there. */
async function navigate(app, label) {
  await app.until(async () => {
    const buttons = await app.findAll('.app-nav-link');
    const labels = await Promise.all(buttons.map((b) => app.text(b)));
    const target = buttons[labels.indexOf(label)];
    if (target) await app.click(target);
    return target;
  }, `${label} in the navigation`);
}

async function timelineTexts(app) {
  const items = await app.findAll('[data-testid=timeline] li');
  return Promise.all(items.map((li) => app.text(li)));
}

test('an officer decides a submission, the decision survives a restart, a head reassigns', async () => {
  // 1. First start: the empty database is filled with demo data.
  let started = Date.now();
  let app = await harness.open();
  await app.waitFor('#username', { timeout: 60000 });
  console.log(`measure: first launch (demo data load) to interactive login: ${Date.now() - started} ms`);
  await screenshot(app, 'login');
  await login(app, 'm.rossi');
  assert.ok(await app.find('[data-testid=demo-banner]'), 'demo data is marked as such');

  // 2. A citizen at the counter: a mistyped fiscal code is refused in Italian, beside the field, and nothing is lost;
  //    corrected, the submission is registered and selected.
  await app.click(await app.waitFor('[data-testid=counter-open]'));
  await app.select('#counter-service', 'certificato-anagrafico');
  await app.type(await app.find('#counter-fiscalCode'), 'RSSMRA85T10A562X');
  await app.type(await app.find('#counter-familyName'), 'Rossi');
  await app.type(await app.find('#counter-givenName'), 'Mario');
  await app.type(await app.find('#counter-phone'), '085 1234567');
  await app.select('#field-tipo_certificato', 'Residenza');
  await app.type(await app.find('#field-intestatario'), 'RSSMRA85T10A562S');
  await app.select('#field-uso', 'Esenzione: ONLUS');
  await app.type(await app.find('#field-copie'), '1');
  await app.click(await app.find('[data-testid=counter-confirm]'));
  // The refusal names the field: its message stands beside it, the field is marked invalid.
  const refusal = await app.waitFor('[role=dialog] [role=alert]');
  assert.match(await app.text(refusal), /Correggere i campi indicati \(1\)/);
  assert.match(await app.text(await app.find('#counter-fiscalCode-error')), /Codice fiscale del richiedente/);
  assert.equal(await app.attr(await app.find('#counter-fiscalCode'), 'aria-invalid'), 'true');
  await screenshot(app, 'counter-refused');
  await app.type(await app.find('#counter-fiscalCode'), 'RSSMRA85T10A562S');
  assert.equal(await app.prop(await app.find('#counter-familyName'), 'value'), 'Rossi', 'the form keeps what was typed');
  await app.click(await app.find('[data-testid=counter-confirm]'));
  await waitForState(app, 'received');
  const counterHeader = await app.text(await app.find('[data-testid=detail] header'));
  assert.match(counterHeader, /Canale: Sportello/);

  // 3. Filter the queue: received and unassigned.
  await app.select('#filter-state', 'received');
  await app.select('#filter-assignee', 'unassigned');
  await app.until(async () => {
    const rows = await app.findAll('[data-testid=queue-row]');
    if (rows.length === 0) return false;
    const states = await Promise.all(rows.map((r) => app.attr(r, 'data-state')));
    return states.every((s) => s === 'received');
  }, 'the filtered queue');
  await screenshot(app, 'queue-filtered');

  // 4. Take the first submission in charge (the one just entered: newest first).
  const row = (await app.findAll('[data-testid=queue-row]'))[0];
  const id = await app.attr(row, 'data-id');
  await app.click(row);
  await waitForState(app, 'received');
  const protocol = await app.text(await app.find('#detail-title'));
  await app.click(await app.waitFor('[data-action=takeInCharge]'));
  await waitForState(app, 'inReview');
  await screenshot(app, 'taken-in-charge');

  // 5. An empty reason is refused with an Italian message; then request the integration.
  await app.click(await app.waitFor('[data-action=requestIntegration]'));
  await app.click(await app.waitFor('[data-testid=action-confirm]'));
  const alert = await app.waitFor('[role=dialog] [role=alert]');
  assert.match(await app.text(alert), /motivazione|obbligatori/i);
  await app.type(await app.find('#action-text'), 'Manca la ricevuta del pagamento del bollo.');
  await app.click(await app.find('[data-testid=action-confirm]'));
  await waitForState(app, 'integrationRequested');
  await screenshot(app, 'integration-requested');

  // 6. Record the citizen's answer, then approve.
  await act(app, 'recordIntegration', 'Ricevuta trasmessa dal cittadino via PEC.');
  await waitForState(app, 'inReview');
  await act(app, 'approve', 'Verificati i requisiti, la richiesta è accolta.');
  await waitForState(app, 'approved');
  await screenshot(app, 'approved');
  await app.quit();

  // 7. Restart: the decision and its whole history are still there.
  started = Date.now();
  app = await harness.open();
  await app.waitFor('#username', { timeout: 60000 });
  console.log(`measure: launch to interactive login: ${Date.now() - started} ms`);
  await login(app, 'm.rossi');
  await app.type(await app.find('#search'), protocol);
  const found = await app.waitFor(`[data-testid=queue-row][data-id="${id}"]`);
  await app.click(found);
  await waitForState(app, 'approved');
  const timeline = await timelineTexts(app);
  for (const step of ['Prendi in carico', 'Richiedi integrazione', 'Registra integrazione', 'Accogli']) {
    assert.ok(timeline.some((t) => t.includes(step)), `timeline has "${step}": ${timeline.join(' | ')}`);
  }
  assert.ok(timeline.some((t) => t.includes('Verificati i requisiti')), 'the reason is kept');
  await screenshot(app, 'after-restart');

  // 8. A head reassigns a submission in review to another officer, with a reason.
  await app.click(await app.find('[data-testid=logout]'));
  await login(app, 'g.verdi');
  await app.select('#filter-state', 'inReview');
  const target = await app.waitFor('[data-testid=queue-row][data-state=inReview]');
  await app.click(target);
  await waitForState(app, 'inReview');
  const header = await app.text(await app.find('[data-testid=detail] header'));
  const to = header.includes('Assegnatario: Laura Bianchi') ? 'Marco Rossi' : 'Laura Bianchi';
  await app.click(await app.waitFor('[data-testid=assign-open]'));
  // The officers load after the dialog opens: wait until the chosen one is offered.
  const option = await app.until(async () => {
    const officers = await app.findAll('#assign-officer option');
    const labels = await Promise.all(officers.map((o) => app.text(o)));
    return officers[labels.findIndex((l) => l.includes(to))];
  }, `${to} among the officers`);
  await app.click(await app.find('#assign-officer'));
  await app.click(option);
  await app.type(await app.find('#assign-reason'), 'Riequilibrio dei carichi di lavoro.');
  await screenshot(app, 'assign-dialog');
  await app.click(await app.find('[data-testid=assign-confirm]'));
  await app.until(
    async () => (await timelineTexts(app)).some((t) => t.includes(`Assegnata a ${to}`)),
    'the assignment in the timeline',
  );
  const after = await app.text(await app.find('[data-testid=detail] header'));
  assert.ok(after.includes(`Assegnatario: ${to}`), after);
  await screenshot(app, 'reassigned');

  // 8b. The head signs the day's certificates with the demo seal: one result per request. The
  //     counter request was approved after ANPR's checks on the demo register (Mario Rossi is a
  //     resident there), so it is issued too.
  await navigate(app, 'Firma certificati');
  const pending = await app.until(async () => {
    const found = await app.findAll('[data-testid=pending-row]');
    return found.length > 1 && found;
  }, 'the approved requests waiting for a certificate');
  assert.match(await app.text(await app.find('[data-testid=signing-device]')), /DEMO/);
  await screenshot(app, 'sign-batch');
  started = Date.now();
  await app.click(await app.find('[data-testid=sign-submit]'));
  let results;
  try {
    results = await app.until(async () => {
      const heading = await app.findAll('#sign-progress-title');
      const done = heading.length > 0 && (await app.text(heading[0])) === 'Esito del rilascio';
      const found = await app.findAll('[data-testid=issue-result]');
      return done && found.length === pending.length && found;
    }, 'the batch to finish with a result for every request', 60000);
  } catch (e) {
    await screenshot(app, 'sign-results-failed');
    // What the window shows, for the report: its alert and the results it lists.
    const alerts = await Promise.all((await app.findAll('[role=alert]')).map((a) => app.text(a)));
    const listed = await Promise.all((await app.findAll('[data-testid=issue-result]')).map((r) => app.text(r)));
    throw new Error(`${e.message}; alerts: ${JSON.stringify(alerts)}; ${listed.length} of ${pending.length} results: ${JSON.stringify(listed)}`);
  }
  console.log(`measure: batch of ${pending.length} certificates in the window: ${Date.now() - started} ms`);
  const outcomes = await Promise.all(results.map(async (r) => [await app.attr(r, 'data-status'), await app.text(r)]));
  const counterOutcome = outcomes.find(([, text]) => text.includes(protocol));
  assert.ok(counterOutcome, `${protocol} has a result`);
  assert.equal(counterOutcome[0], 'issued', counterOutcome[1]);
  assert.ok(outcomes.filter(([status]) => status === 'issued').length > 1, 'the others are issued');
  await screenshot(app, 'sign-results');

  // 8c. The head re-issues one of the certificates just issued, from the request's detail: the new
  //     one is listed, the old one is marked annulled (the policy lets a head do both).
  const issued = outcomes.find(([status]) => status === 'issued')[1];
  const issuedProtocol = issued.match(/\d{4}\/\d{7}/)[0];
  await navigate(app, 'Coda');
  await app.select('#filter-state', 'approved');
  await app.type(await app.waitFor('#search'), issuedProtocol);
  await app.click(
    await app.until(async () => {
      const found = await app.findAll('[data-testid=queue-row]');
      return found.length === 1 && found[0];
    }, `the request ${issuedProtocol} alone in the queue`),
  );
  await app.click(await app.waitFor('[data-testid=issued-certificate] button.btn-outline-secondary'));
  await app.type(await app.waitFor('#certificate-reason'), 'Errore materiale nei dati del certificato.');
  await app.click(await app.find('[data-testid=certificate-confirm]'));
  const certificates = await app.until(async () => {
    const found = await app.findAll('[data-testid=issued-certificate]');
    return found.length === 2 && found;
  }, 'the re-issued certificate beside the annulled one');
  const annulled = await Promise.all(certificates.map((c) => app.attr(c, 'data-annulled')));
  assert.deepEqual(annulled.sort(), ['false', 'true']);
  await screenshot(app, 'reissued');

  // 9. The records manager reads the protocol register: the submission's incoming registration is there.
  await app.click(await app.find('[data-testid=logout]'));
  await app.type(await app.waitFor('#username'), 'e.conti');
  await app.type(await app.find('#password'), PASSWORD);
  await app.click(await app.find('[data-testid=login-submit]'));
  await navigate(app, 'Registro di protocollo');
  const rows = await app.until(async () => {
    const found = await app.findAll('[data-testid=register-row]');
    return found.length > 0 && found;
  }, 'the register rows');
  const texts = await Promise.all(rows.map((r) => app.text(r)));
  assert.ok(texts.some((t) => t.startsWith(protocol)), `${protocol} is in the register`);
  assert.ok(texts.some((t) => t.includes('Certificato anagrafico:') && t.includes('Uscita')), 'issued certificates are registered as outgoing');
  await screenshot(app, 'register');

  // 10. The records manager verifies a PDF in «Verifica»: the file's bytes travel as the request's
  //     body. A sample signed with this installation's demo seal: intact, and not in the register.
  const sample = join(harness.dataDir, 'certificato-di-esempio.pdf');
  execFileSync(CLI, ['certificate', 'sample', '--type', 'residenza', '--out', sample], {
    env: { ...process.env, SPORTELLO_DATABASE_URL: join(harness.dataDir, 'sportello.db') },
  });
  await navigate(app, 'Verifica');
  await app.upload(await app.waitFor('[data-testid=verify-file]'), sample);
  const report = await app.waitFor('[data-testid=verify-report]', { timeout: 30000 });
  assert.equal(await app.attr(report, 'data-verdict'), 'unregistered', await app.text(report));
  await screenshot(app, 'verify');
  await app.quit();
});
