// Search (Pagefind): typing a region's name in the header search and
// submitting lands on the results page, whose first result is that region's
// profile; following it opens the profile.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSiteInBrowser, watchedPage } from './helpers.mjs';

const regions = [
  ['balikpapan', '/wilayah/kota-balikpapan/'],
  ['bontang', '/wilayah/kota-bontang/'],
  ['probolinggo', '/wilayah/kota-probolinggo/'],
];

const env = useSiteInBrowser();

describe('header search', () => {
  for (const [query, profile] of regions) {
    test(`"${query}" finds ${profile} and navigates to it`, async () => {
      const { page, problems, close } = await watchedPage(env.browser, env.server.url);
      try {
        await page.goto(`${env.server.url}/wilayah/`);
        const form = page.locator('form[role="search"].site-search');
        assert.equal(await form.getAttribute('action'), '/cari/');
        await page.locator('#site-search-q').fill(query);
        await page.locator('#site-search-q').press('Enter');
        await page.waitForURL((url) => url.pathname === '/cari/' && url.searchParams.get('q') === query);

        const first = page.locator('#hasil-cari > li a[href]').first();
        await first.waitFor({ timeout: 15000 });
        const href = new URL(await first.getAttribute('href'), page.url()).pathname;
        // Kabupaten and Kota Probolinggo both match; the city is the one searched for here.
        const hrefs = await page.locator('#hasil-cari > li a[href]').evaluateAll(
          (links) => links.map((a) => new URL(a.href).pathname));
        if (query === 'probolinggo') {
          assert.ok(hrefs.slice(0, 2).includes(profile), `results: ${hrefs.slice(0, 5)}`);
        } else {
          assert.equal(href, profile, `results: ${hrefs.slice(0, 5)}`);
        }
        const status = page.locator('[aria-live]');
        assert.ok((await status.count()) > 0, 'a live status line');

        await page.locator(`#hasil-cari a[href$="${profile}"]`).first().click();
        await page.waitForURL(env.server.url + profile);
        assert.match(await page.locator('main h1').textContent(), new RegExp(query, 'i'));
        assert.deepEqual(problems, []);
      } finally {
        await close();
      }
    });
  }
});
