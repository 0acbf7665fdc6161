// One page of every page type, in both languages: it loads without console
// errors, failed requests or requests outside the site, and axe-core finds no
// WCAG 2.1 A/AA violation.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  axeViolations, busiestRankingYear, folders, hasFile, useSiteInBrowser, watchedPage,
} from './helpers.mjs';

const year = busiestRankingYear();
const province = folders('peringkat', year, 'provinsi')[0];
const cluster = folders('peringkat', year, 'klaster')[0];
const provincePage = folders('provinsi')[0];

/** Page type and its Indonesian path; each is also tested under /en/. */
const pageTypes = [
  ['home', '/'],
  ['region list', '/wilayah/'],
  ['region profile', '/wilayah/kota-balikpapan/'],
  ['rankings index', '/peringkat/'],
  ['ranking', `/peringkat/${year}/`],
  ['ranking per province', `/peringkat/${year}/provinsi/${province}/`],
  ['ranking per cluster', `/peringkat/${year}/klaster/${cluster}/`],
  ['provinces', '/provinsi/'],
  ['province', `/provinsi/${provincePage}/`],
  ['methodology', '/metodologi/'],
  ['data', '/data/'],
  ['changes', '/perubahan/'],
  ['awards index', '/penghargaan/'],
  ['awards of a year', '/penghargaan/2023/'],
  ['free page', '/tentang/'],
  ['search', '/cari/'],
];

const pages = [
  ...pageTypes,
  ...pageTypes.map(([name, path]) => [`${name} (en)`, `/en${path}`]),
  ['404 page', '/404.html'],
];

const env = useSiteInBrowser();

describe('every page type', () => {
  for (const [name, path] of pages) {
    const file = `${path.slice(1)}${path.endsWith('/') ? 'index.html' : ''}`;
    // The search page comes with the search feature; until then there is nothing to test.
    const missing = name.startsWith('search') && !hasFile(file);
    test(`${name}: ${path}`, { skip: missing && 'the site has no search page yet' }, async () => {
      assert.ok(hasFile(file), `the built site has ${file}`);
      const { page, problems, close } = await watchedPage(env.browser, env.server.url);
      try {
        const response = await page.goto(env.server.url + path, { waitUntil: 'load' });
        assert.equal(response.status(), 200);
        await page.waitForLoadState('networkidle');
        assert.deepEqual(problems, [], 'no console error, failed or outside request');
        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], 'axe-core: no WCAG 2.1 AA violation');
      } finally {
        await close();
      }
    });
  }

  test('the accessibility check does see violations', async () => {
    const { page, close } = await watchedPage(env.browser, env.server.url);
    try {
      await page.goto(`${env.server.url}/404.html`);
      await page.evaluate(() => {
        const main = document.querySelector('main');
        main.insertAdjacentHTML('beforeend', '<p style="color:#eee">pale</p><img src="data:,">');
      });
      const found = (await axeViolations(page)).map((v) => v.split(' ')[0]);
      assert.deepEqual(found.sort(), ['color-contrast', 'image-alt']);
    } finally {
      await close();
    }
  });

  test('a missing address answers 404 with the site\'s 404 page', async () => {
    const { page, problems, close } = await watchedPage(env.browser, env.server.url);
    try {
      const response = await page.goto(`${env.server.url}/tidak-ada-halaman-ini/`);
      assert.equal(response.status(), 404);
      assert.ok(await page.locator('main h1').count(), 'the 404 page has a heading');
      const others = problems.filter((p) => !p.includes('tidak-ada-halaman-ini') && !p.includes('404 (Not Found)'));
      assert.deepEqual(others, []);
    } finally {
      await close();
    }
  });
});
