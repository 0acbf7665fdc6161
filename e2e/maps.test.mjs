// The maps: every shape of the national map is a link to its region's
// profile with an accessible name (region, standing, year), reachable by
// keyboard; province maps the same; and a profile's badge loads.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { folders, useSiteInBrowser, watchedPage } from './helpers.mjs';

const env = useSiteInBrowser();
const regions = folders('wilayah').filter((slug) => slug !== 'halaman');

describe('maps', () => {
  for (const path of ['/', '/en/', '/penghargaan/2023/']) {
    test(`every region is a named link on the map of ${path}`, async () => {
      const { page, problems, close } = await watchedPage(env.browser, env.server.url);
      try {
        await page.goto(env.server.url + path, { waitUntil: 'load' });
        const links = page.locator('svg.map a');
        assert.equal(await links.count(), regions.length, 'one shape per region');
        const names = await links.evaluateAll((all) => all.map((a) => [a.getAttribute('href'), a.querySelector('title')?.textContent]));
        const hrefs = new Set(names.map(([href]) => href.replace(/^\/en\//, '/')));
        assert.equal(hrefs.size, regions.length, 'each its own profile');
        // The accessible name the browser computes is the shape's title.
        const bontang = page.getByRole('link', { name: /^Kota Bontang — .+ \d{4}$/ });
        assert.equal(await bontang.count(), 1);
        assert.match(await bontang.getAttribute('href'), /\/wilayah\/kota-bontang\/$/);
        await bontang.focus();
        assert.equal(await page.evaluate(() => document.activeElement?.closest('svg.map') !== null), true, 'focusable');
        assert.deepEqual(problems, []);
      } finally {
        await close();
      }
    });
  }

  test('a province map draws its regions larger, with their table', async () => {
    const { page, problems, close } = await watchedPage(env.browser, env.server.url);
    try {
      await page.goto(`${env.server.url}/provinsi/jawa-timur/`, { waitUntil: 'load' });
      const links = page.locator('svg.map a');
      assert.ok((await links.count()) >= 38, 'every kabupaten/kota of Jawa Timur');
      const city = page.getByRole('link', { name: /^Kota Mojokerto — / });
      const box = await city.locator('path').boundingBox();
      assert.ok(box && box.width >= 4 && box.height >= 4, `a small city stays clickable: ${JSON.stringify(box)}`);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('a profile shows its badge and the snippet to embed it', async () => {
    const { page, problems, close } = await watchedPage(env.browser, env.server.url);
    try {
      await page.goto(`${env.server.url}/wilayah/kota-bontang/`, { waitUntil: 'load' });
      const badge = page.locator('#lencana ~ p img');
      await badge.scrollIntoViewIfNeeded();
      await badge.evaluate((img) => img.decode());
      assert.equal(await badge.evaluate((img) => img.naturalWidth), 320, 'the badge loads (lazily)');
      const snippet = await page.locator('#lencana-kode').inputValue();
      assert.match(snippet, /^<a href="https?:\/\/[^"]+\/wilayah\/kota-bontang\/"><img src="[^"]+\/wilayah\/kota-bontang\/lencana\.svg" alt="Kota Bontang: [^"]+" width="320" height="48"><\/a>$/);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
});
