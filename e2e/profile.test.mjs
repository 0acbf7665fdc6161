// A region profile: the language switch leads to the same profile in the
// other language and back; its charts are inline SVG images with a label.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSiteInBrowser, watchedPage } from './helpers.mjs';

const profile = '/wilayah/kota-balikpapan/';

const env = useSiteInBrowser();

describe(`region profile ${profile}`, () => {
  test('the language switch keeps the page, both ways', async () => {
    const { page, problems, close } = await watchedPage(env.browser, env.server.url);
    try {
      await page.goto(env.server.url + profile);
      assert.equal(await page.getAttribute('html', 'lang'), 'id');
      const name = await page.locator('main h1').textContent();

      await page.locator('.lang-switch a[hreflang="en"]').click();
      await page.waitForURL(`${env.server.url}/en${profile}`);
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.equal(await page.locator('main h1').textContent(), name);

      await page.locator('.lang-switch a[hreflang="id"]').click();
      await page.waitForURL(env.server.url + profile);
      assert.equal(await page.getAttribute('html', 'lang'), 'id');
      assert.equal(await page.locator('main h1').textContent(), name);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  for (const lang of ['', '/en']) {
    test(`charts are present and labelled (${lang || '/'})`, async () => {
      const { page, problems, close } = await watchedPage(env.browser, env.server.url);
      try {
        await page.goto(env.server.url + lang + profile);
        const charts = page.locator('main svg[role="img"]');
        assert.ok((await charts.count()) >= 2, 'cluster and history charts');
        for (const chart of await charts.all()) {
          const label = await chart.evaluate((svg) => (svg.getAttribute('aria-labelledby') || '')
            .split(/\s+/)
            .map((id) => document.getElementById(id)?.textContent.trim() || '')
            .join(' ')
            .trim());
          assert.ok(label.length > 10, `chart label: "${label}"`);
          assert.ok(await chart.isVisible());
          const box = await chart.boundingBox();
          assert.ok(box.width > 50 && box.height > 20, 'drawn at a visible size');
        }
        // The accessibility tree names each chart as an image.
        const images = await page.getByRole('img').evaluateAll((list) => list.length);
        assert.ok(images >= 2);
        assert.deepEqual(problems, []);
      } finally {
        await close();
      }
    });
  }

  test('narrative headings sit below the section heading', async () => {
    const { page, close } = await watchedPage(env.browser, env.server.url);
    try {
      await page.goto(env.server.url + profile);
      const levels = await page.$$eval('main h1, main h2, main h3, main h4, main h5, main h6',
        (hs) => hs.map((h) => Number(h.tagName[1])));
      levels.reduce((previous, level) => {
        assert.ok(level <= previous + 1, `heading levels ${levels.join(',')} skip a level`);
        return level;
      }, 0);
      const story = await page.$$eval('section[aria-labelledby="cerita"] :is(h1,h2,h3,h4,h5,h6)',
        (hs) => hs.map((h) => h.tagName));
      assert.equal(story[0], 'H2');
      assert.ok(story.slice(1).every((t) => t !== 'H1' && t !== 'H2'), `story headings: ${story}`);
    } finally {
      await close();
    }
  });
});
