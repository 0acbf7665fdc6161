// The ranking table: complete without JavaScript; with it, sortable by every
// column (aria-sort follows) and filterable by province, kind and predikat
// with a live count.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { busiestRankingYear, useSiteInBrowser, watchedPage } from './helpers.mjs';

const path = `/peringkat/${busiestRankingYear()}/`;

const env = useSiteInBrowser();

/** The visible rows' `data-*` values, in table order. */
function visibleRows(page) {
  return page.$$eval('table[data-sortable] tbody tr', (rows) => rows
    .filter((r) => !r.hidden && r.offsetParent !== null)
    .map((r) => ({ ...r.dataset, name: r.querySelector('th').textContent.trim() })));
}

async function open(lang = '') {
  const watched = await watchedPage(env.browser, env.server.url);
  await watched.page.goto(env.server.url + lang + path);
  await watched.page.waitForSelector('.table-tools:not([hidden])');
  return watched;
}

describe(`ranking table ${path}`, () => {
  test('without JavaScript it is the complete table in rank order, no controls shown', async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(env.server.url + path);
      const rows = await visibleRows(page);
      assert.ok(rows.length >= 2, `${rows.length} rows`);
      const ranks = rows.map((r) => Number(r.rank)).filter((n) => !Number.isNaN(n));
      assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
      assert.equal(await page.locator('.table-tools').isVisible(), false);
      assert.equal(await page.locator('th button').count(), 0);
    } finally {
      await context.close();
    }
  });

  test('every header sorts, aria-sort says how, numbers sort as numbers', async () => {
    const { page, problems, close } = await open();
    try {
      const all = await visibleRows(page);
      const headers = page.locator('table[data-sortable] thead th');
      assert.equal(await page.locator('table[data-sortable] thead th > button').count(), await headers.count());
      const total = page.getByRole('button', { name: 'Nilai', exact: true });

      await total.click();
      let rows = await visibleRows(page);
      const scores = rows.map((r) => Number(r.total));
      assert.deepEqual(scores, [...scores].sort((a, b) => a - b), 'ascending by total');
      assert.equal(await page.locator('th[aria-sort]').count(), 1);
      assert.equal(await total.locator('..').getAttribute('aria-sort'), 'ascending');

      await total.click();
      rows = await visibleRows(page);
      assert.equal(Number(rows[0].total), Math.max(...all.map((r) => Number(r.total))));
      assert.equal(await total.locator('..').getAttribute('aria-sort'), 'descending');

      const region = page.getByRole('button', { name: 'Wilayah', exact: true });
      await region.click();
      rows = await visibleRows(page);
      const names = rows.map((r) => r.name);
      const collator = new Intl.Collator('id', { numeric: true, sensitivity: 'base' });
      assert.deepEqual(names, [...names].sort(collator.compare), 'alphabetical by region');
      assert.equal(await total.locator('..').getAttribute('aria-sort'), null);
      assert.equal(rows.length, all.length, 'sorting keeps every row');

      await page.getByRole('button', { name: 'Peringkat', exact: true }).click();
      rows = await visibleRows(page);
      assert.deepEqual(rows.map((r) => r.name), all.map((r) => r.name), 'back in rank order');
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('filters by province, kind and predikat and announces the count', async () => {
    const { page, problems, close } = await open();
    try {
      const all = await visibleRows(page);
      const status = page.getByRole('status');
      assert.equal(await status.textContent(), `${all.length} dari ${all.length} wilayah ditampilkan`);

      const province = page.getByLabel('Provinsi', { exact: true });
      const choices = await province.locator('option').allTextContents();
      assert.equal(choices[0], 'Semua');
      const expected = [...new Set(all.map((r) => r.province))].sort(new Intl.Collator('id').compare);
      assert.deepEqual(choices.slice(1), expected, 'one choice per province');

      const busiest = expected
        .map((p) => [p, all.filter((r) => r.province === p).length])
        .sort((a, b) => b[1] - a[1])[0][0];
      await province.selectOption(busiest);
      let rows = await visibleRows(page);
      const inProvince = all.filter((r) => r.province === busiest);
      assert.deepEqual(rows.map((r) => r.name), inProvince.map((r) => r.name));
      assert.equal(await status.textContent(), `${inProvince.length} dari ${all.length} wilayah ditampilkan`);

      const kind = page.getByLabel('Jenis', { exact: true });
      const kinds = (await kind.locator('option').allTextContents()).slice(1);
      assert.deepEqual(kinds, [...new Set(all.map((r) => r.kind))].sort());
      await kind.selectOption(kinds[0]);
      rows = await visibleRows(page);
      const both = inProvince.filter((r) => r.kind === kinds[0]);
      assert.deepEqual(rows.map((r) => r.name), both.map((r) => r.name));
      assert.equal(await status.textContent(), `${both.length} dari ${all.length} wilayah ditampilkan`);

      await province.selectOption('');
      await kind.selectOption('');
      const predikat = page.getByLabel('Predikat (dihitung)', { exact: true });
      const tier = (await predikat.locator('option').allTextContents())[1];
      await predikat.selectOption(tier);
      rows = await visibleRows(page);
      assert.ok(rows.length > 0);
      assert.deepEqual(rows.map((r) => r.name), all.filter((r) => r.predikat === tier).map((r) => r.name));

      // Sorting keeps the filter.
      await page.getByRole('button', { name: 'Nilai', exact: true }).click();
      const sorted = await visibleRows(page);
      assert.equal(sorted.length, rows.length);
      assert.ok(sorted.every((r) => r.predikat === tier));

      await predikat.selectOption('');
      assert.equal((await visibleRows(page)).length, all.length);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('the English page speaks English', async () => {
    const { page, problems, close } = await open('/en');
    try {
      const count = (await visibleRows(page)).length;
      assert.equal(await page.getByRole('status').textContent(), `${count} of ${count} regions shown`);
      const all = await visibleRows(page);
      const province = page.getByLabel('Province', { exact: true });
      const first = (await province.locator('option').allTextContents())[1];
      await province.selectOption(first);
      const shown = (await visibleRows(page)).length;
      assert.equal(shown, all.filter((r) => r.province === first).length);
      assert.equal(await page.getByRole('status').textContent(), `${shown} of ${count} regions shown`);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
});
