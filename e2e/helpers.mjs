// Shared by the browser tests: the built site served on loopback, Debian's
// Chromium driven by playwright-core, and axe-core. Nothing here reaches the
// network: the server listens on 127.0.0.1 and every request the browser
// makes elsewhere is aborted and reported.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The built site the tests run against: `KLA_E2E_SITE`, else the repository's output/. */
export const siteDir = resolve(process.env.KLA_E2E_SITE || join(here, '..', 'output'));

/** The browser: Debian's Chromium unless `CHROMIUM` names another binary. */
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

/** Flags that keep Chromium from fetching anything of its own (updates, sync, field trials). */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=Translate,OptimizationHints,MediaRouter',
];

const types = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.pf_meta': 'application/octet-stream',
};

async function fileFor(root, pathname) {
  let path;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const full = normalize(join(root, path));
  if (full !== root && !full.startsWith(root + sep)) return null;
  const info = await stat(full).catch(() => null);
  if (info?.isFile()) return full;
  if (info?.isDirectory()) {
    if (!pathname.endsWith('/')) return { redirect: pathname + '/' };
    const index = join(full, 'index.html');
    if (existsSync(index)) return index;
  }
  return null;
}

/**
 * Serves `root` on a free loopback port like a static host does: `dir/` is
 * `dir/index.html`, a missing file is `404.html` with status 404.
 * Returns `{ url, close }`.
 */
/** Whether a response of this content type is worth compressing (text, SVG, JSON). */
function compressible(type) {
  return /^text\/|svg|json|javascript|xml/.test(type);
}

export async function serve(root = siteDir) {
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`no built site in ${root}: build it first (e2e/run does)`);
  }
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://127.0.0.1');
    const found = await fileFor(root, pathname);
    if (found?.redirect) {
      res.writeHead(301, { location: found.redirect });
      res.end();
      return;
    }
    const path = found || join(root, '404.html');
    let body = await readFile(path).catch(() => Buffer.from('not found'));
    const type = types[extname(path)] || 'application/octet-stream';
    const headers = { 'content-type': type, 'cache-control': 'no-cache', vary: 'accept-encoding' };
    // Text is sent compressed when the browser asks, as static hosts do
    // (nginx `gzip on`, GitHub Pages): page weights and Lighthouse see what readers get.
    if (compressible(type) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      body = gzipSync(body);
      headers['content-encoding'] = 'gzip';
    }
    res.writeHead(found ? 200 : 404, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/**
 * For a test file: serves the site and starts Chromium before its tests,
 * stops both after them. Returns `{ server, browser }`, filled once started.
 */
export function useSiteInBrowser() {
  const env = {};
  before(async () => {
    env.server = await serve();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** Starts Chromium with a fresh temporary profile. */
export function launch() {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumFlags, headless: true });
}

/**
 * A page that records console errors, uncaught exceptions and failed requests
 * (`problems`), and aborts every request that leaves `origin`.
 */
export async function watchedPage(browser, origin) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/') || url.startsWith('data:')) return route.continue();
    problems.push(`request outside the site: ${url}`);
    return route.abort();
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  page.on('requestfailed', (req) => {
    problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return { page, problems, close: () => context.close() };
}

const require = createRequire(import.meta.url);
const axeSource = readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The WCAG 2.1 A and AA rules. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe-core on the loaded page; returns its violations, one readable line each. */
export async function axeViolations(page) {
  await page.addScriptTag({ content: await axeSource });
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
      count: v.nodes.length,
    }));
  }, wcagTags);
  return violations.map(
    (v) => `${v.id} (${v.count}×): ${v.help}\n    ${v.nodes.join('\n    ')}`,
  );
}

/** Subfolders of `dir` in the built site, sorted; empty when it does not exist. */
export function folders(...dir) {
  const path = join(siteDir, ...dir);
  if (!existsSync(path)) return [];
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Whether the built site has `path` (relative, `/` separated). */
export function hasFile(path) {
  return existsSync(join(siteDir, ...path.split('/')));
}

/** The year whose national ranking has the most rows (the latest of equals). */
export function busiestRankingYear() {
  const years = folders('peringkat').filter((y) => /^\d{4}$/.test(y));
  if (!years.length) throw new Error('the built site has no ranking');
  const rows = (year) => readFileSync(join(siteDir, 'peringkat', year, 'index.html'), 'utf8')
    .split('<tr data-province=').length - 1;
  return years.reduce((best, year) => (rows(year) >= rows(best) ? year : best));
}
