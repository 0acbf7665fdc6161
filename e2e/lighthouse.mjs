// Runs Lighthouse (its CLI, path in $LIGHTHOUSE) on pages of the built site
// served on loopback and prints the four category scores; see e2e/lighthouse.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumFlags, chromiumPath, serve } from './helpers.mjs';

const paths = process.argv.slice(2);
if (!paths.length) paths.push('/', '/wilayah/kota-balikpapan/');
const server = await serve();
const out = mkdtempSync(join(tmpdir(), 'kla-lighthouse-'));
try {
  for (const path of paths) {
    const report = join(out, 'report.json');
    const args = [
      server.url + path,
      '--quiet',
      '--output=json',
      `--output-path=${report}`,
      `--chrome-flags=${chromiumFlags.join(' ')} --user-data-dir=${join(out, 'profile')}`,
      '--only-categories=performance,accessibility,best-practices,seo',
    ];
    // Asynchronous: the server answering Lighthouse runs in this process.
    const child = spawn(process.env.LIGHTHOUSE, args, {
      stdio: 'inherit',
      env: { ...process.env, CHROME_PATH: chromiumPath },
    });
    const code = await new Promise((ok) => child.on('exit', ok));
    if (code !== 0) throw new Error(`lighthouse exited with ${code}`);
    const { categories, audits } = JSON.parse(readFileSync(report, 'utf8'));
    const scores = Object.values(categories).map((c) => `${c.id} ${Math.round(c.score * 100)}`);
    console.log(`${path}: ${scores.join(', ')}`);
    for (const audit of Object.values(audits)) {
      if (audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative'
        && audit.scoreDisplayMode !== 'notApplicable' && audit.scoreDisplayMode !== 'manual') {
        console.log(`  - ${audit.id}: ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''}`);
      }
    }
    rmSync(join(out, 'profile'), { recursive: true, force: true });
  }
} finally {
  rmSync(out, { recursive: true, force: true });
  await server.close();
}
