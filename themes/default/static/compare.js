// The comparison page: up to `max` regions side by side, from the compact
// data/bandingkan.json (format in src/render/compare.rs). No framework, no UI
// text of its own: the page's <script id="banding-data"> gives every word.
// The choice lives in the address (?w=slug,slug), kept with replaceState, so
// a reload or a shared link shows the same regions. Without this script the
// form stays hidden and the page links the regions index and the search.
"use strict";
(function () {
  const form = document.getElementById("banding");
  const config = document.getElementById("banding-data");
  if (!form || !config) return;
  const cfg = JSON.parse(config.textContent);
  const text = cfg.text;
  const lang = document.documentElement.lang;
  const input = document.getElementById("banding-q");
  const options = document.getElementById("banding-daftar");
  const status = document.getElementById("banding-status");
  const chosenBox = document.getElementById("banding-pilihan");
  const chosenList = chosenBox.querySelector("ul");
  const share = document.getElementById("banding-tautan");
  const results = document.getElementById("banding-hasil");
  const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const collator = new Intl.Collator(lang, { sensitivity: "base", numeric: true });
  let data = null;
  let bySlug = new Map();
  let chosen = [];

  const fill = (template, values) =>
    Object.keys(values).reduce((s, k) => s.split("{" + k + "}").join(values[k]), template);
  const say = (message) => { status.textContent = message; };
  const el = (name, attrs, ...children) => {
    const node = document.createElement(name);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    node.append(...children);
    return node;
  };
  const points = (hundredths) => number.format(hundredths / 100);

  // One region of the data file as an object.
  function region(row) {
    const extra = row[4] || {};
    return { slug: row[0], name: row[1], province: row[2], record: row[3],
      conflicts: extra.conflicts || {}, score: extra.score || null };
  }

  // The words for where a region stands in the year at `index` of data.years.
  function standing(r, index) {
    const year = data.years[index];
    const code = r.record.charAt(index);
    const tierName = (i) => cfg.tiers[data.tiers[i]] || data.tiers[i];
    switch (code) {
      case "!":
        return ["conflict", fill(text.record_conflict, {
          predikat: (r.conflicts[year] || []).map(tierName).join(" / ") })];
      case "-": return ["not-awarded", text.record_not_awarded];
      case "?": return ["not-in-record", text.record_not_in_record];
      case "_": return ["no-announcement", text.record_no_announcement];
      default: return ["awarded", tierName(parseInt(code, 36))];
    }
  }

  function profileLink(r) {
    return el("a", { href: cfg.region_url.replace("{slug}", r.slug) }, r.name);
  }

  function recordTable(regions) {
    const head = el("tr", {}, el("th", { scope: "col", class: "num" }, text.col_year),
      ...regions.map((r) => el("th", { scope: "col" }, profileLink(r))));
    const body = el("tbody");
    for (let i = data.years.length - 1; i >= 0; i--) {
      const year = data.years[i];
      const url = cfg.year_urls[year];
      const th = el("th", { scope: "row", class: "num" }, url ? el("a", { href: url }, String(year)) : String(year));
      body.append(el("tr", {}, th, ...regions.map((r) => {
        const [id, words] = standing(r, i);
        return el("td", { class: id }, words);
      })));
    }
    return el("div", { class: "table-wrap" }, el("table", { class: "compare-record" },
      el("caption", {}, text.compare_record_caption), el("thead", {}, head), body));
  }

  function scoreTable(regions) {
    const scored = regions.filter((r) => r.score);
    if (!scored.length) return null;
    const cell = (r, value) => el("td", { class: "num" }, r.score ? value(r.score) : text.dash);
    const row = (label, value) => el("tr", {}, el("th", { scope: "row" }, label),
      ...regions.map((r) => cell(r, value)));
    const body = el("tbody",
      {},
      row(text.compare_score_year, (s) => String(s.year) + (s.illustrative ? " *" : "")),
      row(text.col_total, (s) => points(s.total) + " / " + points(s.max)),
      row(text.col_predikat, (s) => s.predikat === null
        ? text.no_predikat : cfg.tiers[data.tiers[s.predikat]] || data.tiers[s.predikat]),
      ...data.clusters.map((id, i) => row(cfg.clusters[id] || id, (s) => {
        const c = s.clusters[i];
        return c ? points(c[0]) + " / " + points(c[1]) : text.dash;
      })));
    const head = el("tr", {}, el("td", {}), ...regions.map((r) => el("th", { scope: "col" }, r.name)));
    const parts = [el("div", { class: "table-wrap" }, el("table", {},
      el("caption", {}, text.compare_scores_caption), el("thead", {}, head), body))];
    if (scored.some((r) => r.score.illustrative)) {
      parts.push(el("p", { class: "note" }, "* " + text.region_illustrative));
    }
    return parts;
  }

  // The address of the current choice: the page with ?w=a,b,c.
  function address() {
    const slugs = chosen.map((r) => r.slug).join(",");
    return location.pathname + (slugs ? "?w=" + slugs : "");
  }

  function draw() {
    history.replaceState(null, "", address());
    share.href = address();
    chosenBox.hidden = chosen.length === 0;
    chosenList.replaceChildren(...chosen.map((r) => {
      const remove = el("button", { type: "button", "aria-label": fill(text.compare_remove, { name: r.name }) },
        text.compare_remove.replace("{name}", "").trim() || "×");
      remove.addEventListener("click", () => removeRegion(r));
      return el("li", { "data-slug": r.slug }, profileLink(r), el("span", { class: "muted" }, r.province), remove);
    }));
    if (!chosen.length) {
      results.replaceChildren(el("p", {}, text.compare_none));
      return;
    }
    results.replaceChildren(recordTable(chosen), ...(scoreTable(chosen) || []));
  }

  // The reader changes the choice: the space held for a shared one is let go.
  const chosenByReader = () => document.documentElement.classList.remove("compare-wanted");

  function removeRegion(r) {
    chosenByReader();
    const at = chosen.indexOf(r);
    chosen.splice(at, 1);
    draw();
    say(fill(text.compare_removed, { name: r.name, n: chosen.length }));
    // Focus stays in the list: on the next region's button, else the input.
    const buttons = chosenList.querySelectorAll("button");
    (buttons[Math.min(at, buttons.length - 1)] || input).focus();
  }

  // The region a typed text names: its exact name (or slug), else the only
  // name that contains it.
  function find(query) {
    const q = query.trim();
    if (!q) return null;
    const exact = data.regions.find((r) => collator.compare(r.name, q) === 0 || r.slug === q);
    if (exact) return exact;
    const lower = q.toLocaleLowerCase(lang);
    const some = data.regions.filter((r) => r.name.toLocaleLowerCase(lang).includes(lower));
    return some.length === 1 ? some[0] : null;
  }

  function add(query) {
    const r = find(query);
    if (!r) return say(fill(text.compare_not_found, { query: query.trim() }));
    if (chosen.includes(r)) return say(fill(text.compare_already, { name: r.name }));
    if (chosen.length >= cfg.max) return say(text.compare_full);
    chosen.push(r);
    chosenByReader();
    input.value = "";
    draw();
    say(fill(text.compare_added, { name: r.name, n: chosen.length }));
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    add(input.value);
  });
  // A suggestion picked from the list (not typed) is added at once.
  input.addEventListener("input", (event) => {
    if (!(event instanceof InputEvent) || event.inputType === "insertReplacementText") {
      if (data && data.regions.some((r) => r.name === input.value)) add(input.value);
    }
  });

  form.hidden = false;
  say(text.compare_loading);
  fetch(cfg.data)
    .then((response) => {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    })
    .then((json) => {
      data = json;
      data.regions = json.regions.map(region);
      bySlug = new Map(data.regions.map((r) => [r.slug, r]));
      // The suggestions (every region) are made when the reader is about to
      // type, or when the browser is idle: not while the page first draws.
      let suggested = false;
      const suggest = () => {
        if (suggested) return;
        suggested = true;
        const sorted = data.regions.slice().sort((a, b) => collator.compare(a.name, b.name));
        options.replaceChildren(...sorted.map((r) => el("option", { value: r.name, label: r.province })));
      };
      input.addEventListener("focus", suggest);
      if (window.requestIdleCallback) requestIdleCallback(suggest, { timeout: 3000 });
      else setTimeout(suggest, 500);
      const wanted = (new URLSearchParams(location.search).get("w") || "").split(",");
      wanted.forEach((slug) => {
        const r = bySlug.get(slug.trim());
        if (r && !chosen.includes(r) && chosen.length < cfg.max) chosen.push(r);
      });
      draw();
      say("");
    })
    .catch(() => say(text.compare_error));
})();
