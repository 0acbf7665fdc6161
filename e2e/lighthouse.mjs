// Runs Lighthouse (its CLI, path in $LIGHTHOUSE) on pages of the built site
// served on loopback and prints the four category scores; see e2e/lighthouse.
// `audit` is also what a test calls when $LIGHTHOUSE is set (compare.test.mjs).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumFlags, chromiumPath, serve } from './helpers.mjs';

/** Lighthouse's report (mobile, the four categories) of the page at `url`. */
export async function audit(url) {
  const out = mkdtempSync(join(tmpdir(), 'kla-lighthouse-'));
  try {
    const report = join(out, 'report.json');
    const args = [
      url,
      '--quiet',
      '--output=json',
      `--output-path=${report}`,
      `--chrome-flags=${chromiumFlags.join(' ')} --user-data-dir=${join(out, 'profile')}`,
      '--only-categories=performance,accessibility,best-practices,seo',
    ];
    // Asynchronous: the server answering Lighthouse may run in this process.
    const child = spawn(process.env.LIGHTHOUSE, args, {
      stdio: 'inherit',
      env: { ...process.env, CHROME_PATH: chromiumPath },
    });
    const code = await new Promise((ok) => child.on('exit', ok));
    if (code !== 0) throw new Error(`lighthouse exited with ${code}`);
    return JSON.parse(readFileSync(report, 'utf8'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const paths = process.argv.slice(2);
  if (!paths.length) paths.push('/', '/wilayah/kota-balikpapan/');
  const server = await serve();
  try {
    for (const path of paths) {
      const { categories, audits } = await audit(server.url + path);
      const scores = Object.values(categories).map((c) => `${c.id} ${Math.round(c.score * 100)}`);
      console.log(`${path}: ${scores.join(', ')}`);
      for (const a of Object.values(audits)) {
        if (a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative'
          && a.scoreDisplayMode !== 'notApplicable' && a.scoreDisplayMode !== 'manual') {
          console.log(`  - ${a.id}: ${a.title}${a.displayValue ? ` (${a.displayValue})` : ''}`);
        }
      }
    }
  } finally {
    await server.close();
  }
}
