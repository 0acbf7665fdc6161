// The official record: a year's results filter by province, kind and predikat
// and sort by every column; a profile's official history lists each year with
// its sources as links, and a conflict between sources shows both sides.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, useSiteInBrowser, watchedPage } from './helpers.mjs';

const env = useSiteInBrowser();

/** The visible rows' `data-*` values, in table order. */
function visibleRows(page) {
  return page.$$eval('table[data-sortable] tbody tr', (rows) => rows
    .filter((r) => !r.hidden && r.offsetParent !== null)
    .map((r) => ({ ...r.dataset, name: r.querySelector('th').textContent.trim() })));
}

describe('the results of 2023', () => {
  test('filter by province, then predikat, with a live count; axe finds nothing', async () => {
    const { page, problems, close } = await watchedPage(env.browser, env.server.url);
    try {
      await page.goto(`${env.server.url}/penghargaan/2023/`);
      // The table sits below the map: it is enhanced as it comes near the screen.
      await page.locator('#hasil').scrollIntoViewIfNeeded();
      await page.waitForSelector('.table-tools:not([hidden])');
      const all = await visibleRows(page);
      assert.ok(all.length >= 150, `${all.length} results of 2023`);
      const status = page.locator('.table-status');
      assert.equal(await status.textContent(), `${all.length} dari ${all.length} wilayah ditampilkan`);

      await page.selectOption('select[data-filter="province"]', 'Jawa Timur');
      const jatim = await visibleRows(page);
      assert.ok(jatim.length >= 30, `${jatim.length} in Jawa Timur`);
      assert.ok(jatim.every((r) => r.province === 'Jawa Timur'));
      assert.equal(await status.textContent(), `${jatim.length} dari ${all.length} wilayah ditampilkan`);

      await page.selectOption('select[data-filter="predikat"]', 'Utama');
      const utama = await visibleRows(page);
      assert.ok(utama.length >= 3 && utama.length < jatim.length, `${utama.length} Utama in Jawa Timur`);
      assert.ok(utama.every((r) => r.province === 'Jawa Timur' && r.predikat === 'Utama'));

      await page.getByRole('button', { name: 'Wilayah', exact: true }).click();
      const sorted = (await visibleRows(page)).map((r) => r.name);
      assert.deepEqual(sorted, [...sorted].sort((a, b) => a.localeCompare(b, 'id')));
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
});

describe('a profile with a conflict between sources', () => {
  test('the official history shows both predikat, each source a link', async () => {
    const { page, problems, close } = await watchedPage(env.browser, env.server.url);
    try {
      await page.goto(`${env.server.url}/wilayah/kota-batu/`);
      const history = page.locator('table.record');
      assert.ok(await history.isVisible());
      const conflict = history.locator('tr.conflict').first();
      assert.match(await conflict.textContent(), /Sumber berbeda: (Madya|Pratama) \/ (Madya|Pratama)/);
      assert.ok((await conflict.locator('a[href^="http"]').count()) >= 2, 'a link per source');
      const awarded = history.locator('tr.awarded');
      assert.ok((await awarded.count()) >= 3, 'years with a single predikat');
      const gap = history.locator('tr.no-announcement');
      assert.ok((await gap.count()) >= 1, 'a year without awards is said so');
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
});
