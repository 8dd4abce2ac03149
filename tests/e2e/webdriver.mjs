// A minimal W3C WebDriver client over fetch (Node 20), enough to drive the real Sportello window
// through tauri-driver + WebKitWebDriver. No dependency to install, nothing downloaded.
import { writeFile } from 'node:fs/promises';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export class WebDriverError extends Error {}

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async start(base, capabilities) {
    const value = await call(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } });
    return new Session(base, value.sessionId);
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  async find(css) {
    const v = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return v[ELEMENT];
  }

  async findAll(css) {
    const v = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return v.map((e) => e[ELEMENT]);
  }

  /** Waits until `css` matches an element (polling; the app answers asynchronously). */
  async waitFor(css, { timeout = 15000, visible = true } = {}) {
    return this.until(async () => {
      const els = await this.findAll(css);
      for (const el of els) {
        if (!visible || (await this.cmd('GET', `/element/${el}/displayed`))) return el;
      }
      return null;
    }, `element ${css}`, timeout);
  }

  async until(probe, what, timeout = 15000) {
    const deadline = Date.now() + timeout;
    let last;
    while (Date.now() < deadline) {
      try {
        last = await probe();
        if (last) return last;
      } catch (e) {
        last = e;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new WebDriverError(`timed out waiting for ${what} (last: ${last})`);
  }

  click(el) {
    return this.cmd('POST', `/element/${el}/click`, {});
  }

  async type(el, text) {
    await this.cmd('POST', `/element/${el}/clear`, {});
    return this.cmd('POST', `/element/${el}/value`, { text });
  }

  /** Chooses a file in an `<input type=file>` (W3C: the path sent as keys). */
  upload(el, path) {
    return this.cmd('POST', `/element/${el}/value`, { text: path });
  }

  text(el) {
    return this.cmd('GET', `/element/${el}/text`);
  }

  attr(el, name) {
    return this.cmd('GET', `/element/${el}/attribute/${name}`);
  }

  prop(el, name) {
    return this.cmd('GET', `/element/${el}/property/${name}`);
  }

  exec(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  /** Chooses an option of a <select> by its value, as a user would (a real click on the option). */
  async select(css, value) {
    const sel = await this.waitFor(css);
    await this.click(sel);
    const option = await this.find(`${css} option[value="${value}"]`);
    await this.click(option);
  }

  /** Saves a PNG after two animation frames, so the picture shows the last change. */
  async screenshot(path) {
    await this.cmd('POST', '/execute/async', {
      script: 'const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));',
      args: [],
    });
    const b64 = await this.cmd('GET', '/screenshot');
    await writeFile(path, Buffer.from(b64, 'base64'));
  }

  quit() {
    return call(this.base, 'DELETE', `/session/${this.id}`);
  }
}

async function call(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok || json.value?.error) {
    throw new WebDriverError(`${method} ${path}: ${json.value?.error ?? res.status} ${json.value?.message ?? ''}`);
  }
  return json.value;
}
