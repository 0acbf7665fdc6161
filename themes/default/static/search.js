// The search page: asks the Pagefind bundle that `kla build` wrote under
// /pagefind/ and lists the results. No framework. Without this script the
// form still submits (the page reloads with ?q=) and a <noscript> note says
// that results need JavaScript.
const form = document.getElementById("cari");
const KEYS = ["province", "kind", "predikat", "year"];
const SHOWN = 30;

if (form) start(form);

async function start(form) {
  const text = form.dataset;
  const input = document.getElementById("cari-q");
  const status = document.getElementById("status-cari");
  const list = document.getElementById("hasil-cari");
  const selects = KEYS.map((key) => document.getElementById("filter-" + key));
  const lang = document.documentElement.lang;
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  KEYS.forEach((key, i) => {
    const select = selects[i];
    if (!select) return;
    select.value = params.get(key) || "";
    if (select.selectedIndex < 0) select.value = "";
  });

  let pagefind;
  try {
    pagefind = await import(text.bundle);
    // Record URLs already carry the site's base path: no second prefix.
    await pagefind.options({ baseUrl: "/", excerptLength: 24 });
  } catch (err) {
    status.textContent = text.error;
    return;
  }

  let latest = 0;
  async function search() {
    const run = ++latest;
    const term = input.value.trim();
    const filters = {};
    KEYS.forEach((key, i) => {
      if (selects[i] && selects[i].value) filters[key] = selects[i].value;
    });
    const query = new URLSearchParams();
    if (term) query.set("q", term);
    for (const [key, value] of Object.entries(filters)) query.set(key, value);
    const qs = query.toString();
    history.replaceState(null, "", qs ? "?" + qs : location.pathname);
    if (!term && Object.keys(filters).length === 0) {
      status.textContent = "";
      list.replaceChildren();
      return;
    }
    status.textContent = text.loading;
    let found, data;
    try {
      found = await pagefind.search(term || null, { filters });
      if (run !== latest || !found) return;
      data = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
    } catch (err) {
      if (run === latest) status.textContent = text.error;
      return;
    }
    if (run !== latest) return;
    list.replaceChildren(...data.map(item));
    status.textContent = summary(text, found.results.length, data.length, lang);
  }

  let timer;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  input.addEventListener("input", soon);
  selects.forEach((select) => select && select.addEventListener("change", search));
  search();
}

// "3 hasil", or "Tidak ada hasil.", plus a note when only the top results are listed.
function summary(text, total, shown, lang) {
  const n = total.toLocaleString(lang);
  if (total === 0) return text.none;
  const count = total === 1 ? text.resultOne : text.results.replace("{n}", n);
  if (shown >= total) return count;
  return count + ". " + text.more.replace("{shown}", shown.toLocaleString(lang)).replace("{n}", n);
}

// <li><a href=url>title</a><p>excerpt</p></li>; the excerpt's <mark>s are
// kept as elements, everything else is set as text, never parsed as HTML.
function item(result) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = result.url;
  link.textContent = (result.meta && result.meta.title) || result.url;
  const excerpt = document.createElement("p");
  let marked = false;
  for (const part of (result.excerpt || "").split(/(<\/?mark>)/)) {
    if (part === "<mark>" || part === "</mark>") {
      marked = part === "<mark>";
      continue;
    }
    const plain = part.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
    if (!plain) continue;
    if (marked) {
      const mark = document.createElement("mark");
      mark.textContent = plain;
      excerpt.append(mark);
    } else {
      excerpt.append(plain);
    }
  }
  li.append(link, excerpt);
  return li;
}
