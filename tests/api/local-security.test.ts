/**
 * The local system's own security: who can reach it, what a token must carry, the per-installation
 * signing key, and the response headers it sends (the same module CloudFront's policies use).
 */
import { LocalSignIn } from '../../functions/api/routes/local-sign-in.ts';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { sign } from 'hono/jwt';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LocalTokens } from '../../functions/http/auth/local.ts';
import { startLocalServer } from '../../functions/api/local-server.ts';
import { PlanRegistry } from '../../functions/store/plans.ts';
import { DIGEST_PREVIEW_PATH, securityHeadersFor } from '../../functions/security-headers.ts';
import { findFreePort } from '../../scripts/local/processes.ts';
import { localSigningKey } from '../../scripts/local/signing-key.ts';
import { launchBrowser } from '../support/browser.ts';
import { startApi } from './harness.ts';

const SECRET = 'test-secret'; // the harness's LocalTokens secret
let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi();
});

const now = () => Math.floor(Date.now() / 1000);
const me = (token: string) => api.call(null, 'GET', '/api/me', { headers: { Authorization: `Bearer ${token}` } });

describe('tokens: every claim checked, locally as with Cognito', () => {
  const valid = { sub: 'yamada', name: '山田', 'cognito:groups': ['dept-shomu'], token_use: 'id' };

  test('a well-formed token is accepted', async () => {
    const response = await me(await sign({ ...valid, exp: now() + 600 }, SECRET, 'HS256'));
    expect(response.status).toBe(200);
    expect(response.body.sub).toBe('yamada');
  });

  test.for([
    ['without exp (it would never expire)', { ...valid }],
    ['without sub (revisions would record nobody)', { ...valid, sub: undefined, exp: now() + 600 }],
    ['with an empty sub', { ...valid, sub: '  ', exp: now() + 600 }],
    ['with exp that is not a number', { ...valid, exp: 'tomorrow' }],
    ['with cognito:groups as a string', { ...valid, 'cognito:groups': 'hq', exp: now() + 600 }],
    ['with cognito:groups holding a number', { ...valid, 'cognito:groups': ['hq', 7], exp: now() + 600 }],
    ['with cognito:groups as an object', { ...valid, 'cognito:groups': { hq: true }, exp: now() + 600 }],
    ['with a name that is not text', { ...valid, name: ['山田'], exp: now() + 600 }],
    ['that has expired', { ...valid, exp: now() - 60 }],
  ] as const)('a token %s is refused with 401 problem+json, not 500', async ([, claims]) => {
    const response = await me(await sign(claims as Record<string, unknown>, SECRET, 'HS256'));
    expect(response.status).toBe(401);
    expect(response.type).toContain('application/problem+json');
    expect(response.body.title).toBe('認証が必要です');
  });

  test('a token signed with another installation’s key is refused', async () => {
    const other = new LocalTokens('another-installation-key-0123456789abcdef');
    const response = await me(await other.issue({ sub: 'yamada', 'cognito:groups': ['hq'] }));
    expect(response.status).toBe(401);
  });

  test('the local sign-in mints and accepts the 所属長 group head-<code> with the claims it was given', async () => {
    const tokens = new LocalTokens(SECRET);
    const claims = await tokens.verify(await tokens.issue({ sub: 'kacho', name: '庶務課長', 'cognito:groups': ['head-shomu'] }));
    expect(claims).toMatchObject({ sub: 'kacho', name: '庶務課長', 'cognito:groups': ['head-shomu'] });
    expect(claims.exp - now()).toBeGreaterThan(7 * 3600);
  });
});

describe('the signing key of the development sign-in', () => {
  const dirs = [mkdtempSync(join(tmpdir(), 'shinchoku-key-')), mkdtempSync(join(tmpdir(), 'shinchoku-key-'))];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test('is generated once per installation, readable by its owner only, and kept across starts', () => {
    const first = localSigningKey(dirs[0]!);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(join(dirs[0]!, 'local-signing-key')).mode & 0o777).toBe(0o600);
    expect(localSigningKey(dirs[0]!)).toBe(first);
    expect(localSigningKey(dirs[1]!)).not.toBe(first);
  });

  test('a key file others can read is narrowed to 0600; a truncated one is refused with a message', () => {
    const file = join(dirs[1]!, 'local-signing-key');
    chmodSync(file, 0o644);
    localSigningKey(dirs[1]!);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, 'short');
    expect(() => localSigningKey(dirs[1]!)).toThrow(/短すぎます[\s\S]*too short/);
  });
});

/** An address of this machine that is not loopback, to reach a server as another host would. */
function externalAddress(): string {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  if (!address) throw new Error('この環境には 127.0.0.1 以外の IPv4 アドレスがありません');
  return address;
}

describe('the local server on the network', () => {
  const webRoot = mkdtempSync(join(tmpdir(), 'shinchoku-web-'));
  const publishedRoot = mkdtempSync(join(tmpdir(), 'shinchoku-published-'));
  const servers: ServerType[] = [];
  afterAll(() => {
    for (const server of servers) server.close();
    rmSync(webRoot, { recursive: true, force: true });
    rmSync(publishedRoot, { recursive: true, force: true });
  });
  beforeAll(() => {
    mkdirSync(join(webRoot, 'assets'));
    mkdirSync(join(webRoot, 'public'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>進捗</title>');
    writeFileSync(join(webRoot, 'public/index.html'), '<!doctype html><title>公表</title>');
    writeFileSync(join(webRoot, 'assets/index-CY4ozO-9.js'), 'console.log(1)');
    writeFileSync(join(webRoot, 'config.json'), '{"mode":"local"}');
    mkdirSync(join(publishedRoot, 'open-data/2026'), { recursive: true });
    writeFileSync(join(publishedRoot, 'open-data/2026/progress.csv'), '\ufeff施策番号\n1\n');
  });
  const start = async (host?: string) => {
    const port = await findFreePort();
    const server = await startLocalServer({ port, ...(host ? { host } : {}), webRoot, publishedRoot, ...serverOf(api) });
    servers.push(server);
    return port;
  };

  test('listens on 127.0.0.1 unless told otherwise: another host cannot connect', async () => {
    const port = await start();
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    await expect(fetch(`http://${externalAddress()}:${port}/api/health`)).rejects.toThrow();
  });

  test('with HOST=0.0.0.0 the app is reachable, but the development sign-in answers loopback only', async () => {
    const port = await start('0.0.0.0');
    const body = JSON.stringify({ sub: 'intruder', role: 'hq' });
    const request = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body };
    const remote = await fetch(`http://${externalAddress()}:${port}/api/dev/token`, request);
    expect(remote.status).toBe(403);
    expect(remote.headers.get('content-type')).toContain('application/problem+json');
    expect((await remote.json()).detail).toContain('このコンピューター');
    expect((await fetch(`http://${externalAddress()}:${port}/api/health`)).status).toBe(200);
    const local = await fetch(`http://127.0.0.1:${port}/api/dev/token`, request);
    expect(local.status).toBe(200);
    expect((await local.json()).token).toMatch(/^ey/);
  });

  test('sends the security headers and the Cache-Control of each kind of file', async () => {
    const port = await start();
    const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
    const expectations: [string, string, string | null][] = [
      ['/', '進捗', 'no-cache'],
      ['/index.html', '進捗', 'no-cache'],
      ['/measures/16', '進捗', 'no-cache'],
      ['/config.json', 'local', 'no-cache'],
      ['/public/', '公表', 'no-cache'],
      ['/public/2026/measures/5', '公表', 'no-cache'],
      ['/assets/index-CY4ozO-9.js', 'console', 'public, max-age=31536000, immutable'],
      ['/open-data/2026/progress.csv', '施策番号', 'public, max-age=300'],
    ];
    for (const [path, text, cacheControl] of expectations) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toContain(text);
      expect(response.headers.get('cache-control'), path).toBe(cacheControl);
      expect(response.headers.get('content-security-policy'), path).toBe(securityHeadersFor(path)['Content-Security-Policy']);
      expect(response.headers.get('content-security-policy'), path).toContain("script-src 'self'");
      expect(response.headers.get('permissions-policy'), path).toContain('camera=()');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
    }
    const health = await get('/api/health');
    expect(health.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(health.headers.get('permissions-policy')).toContain('geolocation=()');
  });
});

/** What startLocalServer needs besides where it listens: the app's dependencies and the development sign-in. */
function serverOf(harness: typeof api) {
  const tokens = new LocalTokens(SECRET);
  return { deps: { store: harness.store, verifier: tokens, plans: new PlanRegistry(harness.store) }, localSignIn: new LocalSignIn(tokens) };
}

describe('the digest preview under the site’s CSP', () => {
  let server: ServerType;
  let port: number;
  let html: string;
  beforeAll(async () => {
    const preview = await api.call({ role: 'hq', sub: 'hq-1' }, 'GET', '/api/fiscal-years/2026/digest/preview');
    expect(preview.status).toBe(200);
    html = preview.body.html;
    expect(html).toMatch(/style="[^"]*background:/);
    // The app page and the preview document, each with the headers securityHeadersFor gives its path.
    const app = new Hono();
    app.use('*', async (c, next) => {
      await next();
      for (const [name, value] of Object.entries(securityHeadersFor(c.req.path))) c.res.headers.set(name, value);
    });
    app.get('/', (c) => c.html('<!doctype html><title>ダイジェスト</title><main></main>'));
    app.get(DIGEST_PREVIEW_PATH, (c) => c.html(html));
    port = await findFreePort();
    server = await new Promise<ServerType>((done) => {
      const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => done(s));
    });
  });
  afterAll(() => server?.close());

  test('shows unstyled in a srcdoc frame (it inherits the page’s policy), styled in the preview document, with no violation there', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      /** The background of the first inline-styled element with one, and the CSP violations the frame reported. */
      const frameStyle = (attributes: Record<string, string>) =>
        page.evaluate(async (attributes) => {
          const frame = document.createElement('iframe');
          Object.assign(frame, attributes);
          const loaded = new Promise((resolve) => frame.addEventListener('load', resolve));
          document.querySelector('main')!.append(frame);
          await loaded;
          const doc = frame.contentDocument!;
          const violations: string[] = [];
          doc.addEventListener('securitypolicyviolation', (event) => violations.push(event.violatedDirective));
          await new Promise((resolve) => setTimeout(resolve, 200));
          const styled = [...doc.querySelectorAll<HTMLElement>('[style*="background:"]')][0]!;
          const background = frame.contentWindow!.getComputedStyle(styled).backgroundColor;
          frame.remove();
          return { background, violations };
        }, attributes);

      const inherited = await frameStyle({ srcdoc: html });
      expect(inherited.background).toBe('rgba(0, 0, 0, 0)');
      const own = await frameStyle({ src: DIGEST_PREVIEW_PATH });
      expect(own.background).not.toBe('rgba(0, 0, 0, 0)');
      expect(own.violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  test('the preview document may be framed by the site only, runs no inline script and loads nothing from elsewhere', () => {
    const csp = securityHeadersFor(DIGEST_PREVIEW_PATH)['Content-Security-Policy'];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(securityHeadersFor(DIGEST_PREVIEW_PATH)['X-Frame-Options']).toBe('SAMEORIGIN');
    // The app itself keeps inline styles and scripts out.
    expect(securityHeadersFor('/')['Content-Security-Policy']).toContain("style-src 'self';");
  });
});
