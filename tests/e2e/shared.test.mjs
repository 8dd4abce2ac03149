// End-to-end, shared mode: the real window on the Comune's server named by sportello.toml (no user
// or password in it), prepared by `sportello admin init --demo` on the test command's PostgreSQL.
// The officer logs in with their own database role (a wrong password is refused in Italian), takes a
// submission in charge through that connection, and the server's own record says who did it.
// Screenshots go to artifacts/e2e/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before, test } from 'node:test';
import { dirname, join } from 'node:path';

import { APP, ARTIFACTS, startHarness } from './harness.mjs';

const CLI = join(dirname(APP), 'sportello');
const SERVER = process.env.SPORTELLO_TEST_PG_URL;
const NAME = `e2e_shared_${process.pid}`;
let harness;
let maintenance;

before(async () => {
  assert.ok(SERVER, 'SPORTELLO_TEST_PG_URL is not set: scripts/test starts a throw-away PostgreSQL');
  const [base, query] = SERVER.split('?');
  const root = base.slice(0, base.lastIndexOf('/'));
  maintenance = `${root}/${NAME}?${query}`;
  // IT prepares the server on its maintenance connection.
  execFileSync(CLI, ['admin', 'init', '--demo', '--role-prefix', `${NAME}.`], {
    env: { ...process.env, SPORTELLO_DATABASE_URL: maintenance, SPORTELLO_LOG: 'error' },
  });
  // The workstation's file names the server only: no user, no password.
  const config = join(mkdtempSync(join(tmpdir(), 'sportello-e2e-config-')), 'sportello.toml');
  const url = `${root.replace('postgres@', '')}/${NAME}?${query}`;
  writeFileSync(config, `[database]\nurl = "${url}"\nrole_prefix = "${NAME}."\n`);
  harness = await startHarness({ port: 4450, env: { SPORTELLO_DATABASE_URL: undefined, SPORTELLO_CONFIG: config } });
});

after(async () => {
  await harness?.stop();
});

async function waitForState(app, state) {
  await app.until(async () => (await app.attr(await app.waitFor('[data-testid=detail-state]'), 'data-state')) === state, `state ${state}`);
}

test('an officer works on the server through their own database role', async () => {
  const app = await harness.open();
  await app.type(await app.waitFor('#username', { timeout: 60000 }), 'm.rossi');
  await app.type(await app.find('#password'), 'sbagliata');
  await app.click(await app.find('[data-testid=login-submit]'));
  assert.match(await app.text(await app.waitFor('[role=alert]')), /non corretti/);

  await app.type(await app.find('#password'), 'sportello-demo');
  await app.click(await app.find('[data-testid=login-submit]'));
  await app.select('#filter-state', 'received');
  await app.select('#filter-assignee', 'unassigned');
  const row = await app.until(async () => {
    const rows = await app.findAll('[data-testid=queue-row]');
    if (rows.length === 0) return false;
    const states = await Promise.all(rows.map((r) => app.attr(r, 'data-state')));
    return states.every((s) => s === 'received') && rows[0];
  }, 'the queue of new submissions');
  const id = await app.attr(row, 'data-id');
  await app.click(row);
  await waitForState(app, 'received');
  await app.click(await app.waitFor('[data-action=takeInCharge]'));
  await waitForState(app, 'inReview');
  await app.screenshot(join(ARTIFACTS, 'shared-01-taken-on-the-server.png'));
  await app.quit();

  // The server recorded the move under the officer's own login role (pgaudit logs it too).
  const psql = (sql) =>
    execFileSync('psql', [maintenance, '-Atc', sql], { encoding: 'utf8' }).trim();
  const who = psql(`SELECT u.db_role FROM history h JOIN users u ON u.id = h.actor_id
                    WHERE h.submission_id = ${id} AND h.event = 'takeInCharge'`);
  assert.equal(who, `${NAME}.m.rossi`);
});
