// The comparison page: regions picked with the keyboard alone, their official
// histories side by side (each cell what the region's own profile says),
// the choice kept in a shareable address that a reload restores, the
// profile's link that pre-fills it, the English page, the page without
// scripts; the phone's first screen; Lighthouse when it is installed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { axeViolations, useSiteInBrowser, watchedPage } from './helpers.mjs';
import { audit } from './lighthouse.mjs';

const env = useSiteInBrowser();

/** Presses Tab until the element `selector` has the focus (at most `max` times). */
async function tabTo(page, selector, max = 60) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Types a region's name in the focused input and presses Enter. */
async function typeAndAdd(page, name) {
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
}

/** The comparison's record table: the regions' names, and per year each one's text. */
function compared(page) {
  return page.$eval('table.compare-record', (table) => ({
    names: [...table.tHead.rows[0].cells].slice(1).map((c) => c.textContent.trim()),
    years: Object.fromEntries([...table.tBodies[0].rows].map((row) => [
      row.cells[0].textContent.trim(),
      [...row.cells].slice(1).map((c) => ({ text: c.textContent.trim(), standing: c.className })),
    ])),
  }));
}

/** A profile's official history: per year, the standing and its words (without "then ..."). */
async function profileRecord(page, url) {
  await page.goto(url);
  return page.$$eval('table.record tbody tr', (rows) => Object.fromEntries(rows.map((row) => [
    row.cells[0].textContent.trim(),
    { standing: row.className, text: row.cells[1].childNodes[0].textContent.trim() },
  ])));
}

const status = (page) => page.locator('#banding-status').textContent();
const chosenSlugs = (page) => page.$$eval('.compare-chosen li', (li) => li.map((l) => l.dataset.slug));

describe('comparing regions', () => {
  test('picked with the keyboard, shown side by side as their profiles say, restored from the address', async () => {
    const { page, problems, close } = await watchedPage(env.browser, env.server.url);
    try {
      await page.goto(`${env.server.url}/bandingkan/`);
      await page.waitForFunction(() => document.querySelectorAll('#banding-daftar option').length > 500);
      assert.equal(await status(page), '');
      await tabTo(page, '#banding-q');
      await typeAndAdd(page, 'Kota Balikpapan');
      assert.equal(await status(page), 'Kota Balikpapan ditambahkan: 1 dari 4 wilayah.');
      assert.match(page.url(), /\/bandingkan\/\?w=kota-balikpapan$/);
      await typeAndAdd(page, 'kabupaten bantul');
      await typeAndAdd(page, 'Kota Batu');
      assert.deepEqual(await chosenSlugs(page), ['kota-balikpapan', 'kabupaten-bantul', 'kota-batu']);
      assert.match(page.url(), /\?w=kota-balikpapan,kabupaten-bantul,kota-batu$/);

      await typeAndAdd(page, 'Kota Atlantis');
      assert.equal(await status(page), 'Tidak ada wilayah bernama “Kota Atlantis”. Pilih nama dari daftar saran.');
      await page.keyboard.press('Control+A');
      await typeAndAdd(page, 'Kota Batu');
      assert.equal(await status(page), 'Kota Batu sudah dipilih.');
      await page.keyboard.press('Control+A');
      await typeAndAdd(page, 'Kota Bontang');
      await typeAndAdd(page, 'Kota Surabaya');
      assert.equal(await status(page), 'Sudah 4 wilayah dipilih. Hapus satu dulu.');

      const table = await compared(page);
      assert.deepEqual(table.names, ['Kota Balikpapan', 'Kabupaten Bantul', 'Kota Batu', 'Kota Bontang']);
      const conflicts = Object.values(table.years).flat().filter((c) => c.standing === 'conflict');
      assert.ok(conflicts.length >= 1 && conflicts.every((c) => c.text.startsWith('Sumber berbeda: ')));
      assert.ok(await page.locator('caption', { hasText: 'Skor terhitung terakhir' }).isVisible());
      assert.deepEqual(await axeViolations(page), []);

      // Remove Kabupaten Bantul with the keyboard: the focus moves to the next button.
      await tabTo(page, '.compare-chosen li[data-slug="kabupaten-bantul"] button');
      await page.keyboard.press('Enter');
      assert.equal(await status(page), 'Kabupaten Bantul dihapus: 3 dari 4 wilayah.');
      assert.equal(
        await page.evaluate(() => document.activeElement.closest('li')?.dataset.slug),
        'kota-batu',
      );
      assert.match(page.url(), /\?w=kota-balikpapan,kota-batu,kota-bontang$/);

      const shared = page.url();
      await page.reload();
      await page.waitForSelector('table.compare-record');
      assert.equal(page.url(), shared);
      assert.deepEqual(await chosenSlugs(page), ['kota-balikpapan', 'kota-batu', 'kota-bontang']);
      const after = await compared(page);
      assert.deepEqual(after.names, ['Kota Balikpapan', 'Kota Batu', 'Kota Bontang']);

      // Every cell says what the region's own profile says for that year.
      for (const [column, slug] of ['kota-balikpapan', 'kota-batu', 'kota-bontang'].entries()) {
        const own = await profileRecord(page, `${env.server.url}/wilayah/${slug}/`);
        assert.ok(Object.keys(own).length >= 5, `${slug}: its record has years`);
        for (const [year, fact] of Object.entries(own)) {
          assert.deepEqual(after.years[year]?.[column], fact, `${slug} ${year}`);
        }
      }
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('a profile\'s link opens the comparison with that region chosen', async () => {
    const { page, problems, close } = await watchedPage(env.browser, env.server.url);
    try {
      await page.goto(`${env.server.url}/wilayah/kota-bontang/`);
      await page.getByRole('link', { name: 'Bandingkan dengan wilayah lain' }).click();
      await page.waitForSelector('table.compare-record');
      assert.match(page.url(), /\/bandingkan\/\?w=kota-bontang$/);
      assert.deepEqual(await chosenSlugs(page), ['kota-bontang']);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('a shared choice draws on a phone without moving what the reader sees', async () => {
    const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    try {
      const page = await context.newPage();
      // Every layout shift from the start, as Lighthouse's CLS counts them.
      await page.addInitScript(() => {
        window.shifts = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (!e.hadRecentInput) window.shifts.push(e.value);
        }).observe({ type: 'layout-shift', buffered: true });
      });
      // The data arrives late, as on a slow phone connection, after the first paint.
      await page.route('**/bandingkan.json', async (route) => {
        await new Promise((ok) => setTimeout(ok, 1000));
        await route.continue();
      });
      await page.goto(`${env.server.url}/bandingkan/?w=kota-bontang,kota-balikpapan`);
      await page.waitForSelector('table.compare-record');
      await page.waitForTimeout(300);
      const total = await page.evaluate(() => window.shifts.reduce((a, b) => a + b, 0));
      assert.ok(total < 0.01, `cumulative layout shift ${total}`);
    } finally {
      await context.close();
    }
  });

  test('in English at /en/compare/, every word English; axe finds nothing', async () => {
    const { page, problems, close } = await watchedPage(env.browser, env.server.url);
    try {
      await page.goto(`${env.server.url}/en/compare/?w=kota-bontang,kabupaten-bantul`);
      await page.waitForSelector('table.compare-record');
      assert.equal(await page.locator('h1').textContent(), 'Compare regions');
      assert.ok(await page.locator('caption', { hasText: 'Official predikat by year' }).isVisible());
      const words = await page.locator('table.compare-record').textContent();
      assert.match(words, /Not in this record/);
      assert.match(words, /Sources differ: /);
      assert.doesNotMatch(words, /Tidak ada|Sumber berbeda/);
      const profile = page.getByRole('link', { name: 'Kota Bontang' }).first();
      assert.equal(await profile.getAttribute('href'), '/en/wilayah/kota-bontang/');
      const nav = await page.$$eval('header nav a', (a) => a.map((l) => l.textContent.trim()));
      assert.ok(nav.includes('About KLA Terbuka') && nav.includes('Sources and notes on the data'), nav.join(', '));
      assert.ok(!nav.some((label) => /Tentang|Sumber/.test(label)), nav.join(', '));
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('without scripts the page says so and leads to every profile', async () => {
    const context = await env.browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${env.server.url}/bandingkan/`);
      assert.equal(await page.locator('#banding').isVisible(), false, 'no form that cannot work');
      // (Chromium still parses <noscript> as scripting on when only execution is off.)
      assert.match(await page.content(), /<noscript><p class="notice">Perbandingan disusun oleh JavaScript/);
      for (const [name, href] of [['Wilayah', '/wilayah/'], ['Cari', '/cari/']]) {
        const link = page.locator('main').getByRole('link', { name, exact: true });
        assert.equal(await link.getAttribute('href'), href);
      }
    } finally {
      await context.close();
    }
  });
});

describe('the first screen on a phone (390 × 844)', () => {
  for (const path of ['/', '/en/', '/penghargaan/2023/', '/bandingkan/', '/wilayah/kota-bontang/']) {
    test(`${path}: the content starts high, the menu is one line that scrolls`, async () => {
      const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
      try {
        const page = await context.newPage();
        await page.goto(env.server.url + path);
        const box = await page.evaluate(() => {
          const rect = (s) => document.querySelector(s).getBoundingClientRect();
          const nav = document.querySelector('header nav');
          return {
            main: rect('main').top,
            h1: rect('main h1').top,
            nav: rect('header nav').height,
            scrolls: nav.scrollWidth > nav.clientWidth,
            page: document.documentElement.scrollWidth,
          };
        });
        assert.ok(box.main <= 160, `main starts at ${box.main} px`);
        assert.ok(box.h1 <= 200, `the heading starts at ${box.h1} px`);
        assert.ok(box.nav <= 48, `the menu is one line (${box.nav} px)`);
        assert.ok(box.scrolls, 'the menu scrolls sideways');
        assert.equal(box.page, 390, 'the page itself does not scroll sideways');
        // The last menu entry is reached with the keyboard and scrolled into view.
        await page.locator('header nav li:last-child a').focus();
        const last = await page.locator('header nav li:last-child a').boundingBox();
        assert.ok(last.x >= 0 && last.x + last.width <= 390, `last entry at ${last.x}`);
      } finally {
        await context.close();
      }
    });
  }

  test('the home page leads with what the record says before its table', async () => {
    const context = await env.browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await context.newPage();
      await page.goto(env.server.url + '/');
      const order = await page.$$eval('main > *', (els) => els.map((e) => e.tagName));
      assert.deepEqual(order.slice(0, 2), ['H1', 'P'], 'the title and what it means first');
    } finally {
      await context.close();
    }
  });
});

describe('Lighthouse (mobile)', () => {
  const skip = !process.env.LIGHTHOUSE && 'set LIGHTHOUSE to its CLI (e2e/lighthouse installs it)';
  for (const path of ['/', '/penghargaan/2023/', '/bandingkan/?w=kota-bontang,kota-balikpapan']) {
    test(`${path}: at least 95 in every category`, { skip, timeout: 180_000 }, async () => {
      const { categories } = await audit(env.server.url + path);
      for (const c of Object.values(categories)) {
        assert.ok(c.score >= 0.95, `${c.id}: ${Math.round(c.score * 100)}`);
      }
    });
  }
});
