// Queries a built site's Pagefind bundle the way the search page does, in
// Node without a browser: files are read from the output folder.
// Usage: node pagefind-query.mjs <output folder> <lang> <query> [filters as JSON]
// Prints the URL of every result, best first, one a line.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

const [output, lang, term, filters] = process.argv.slice(2);
// pagefind.js picks the index of <html lang>; there is no document in Node.
globalThis.document = { currentScript: null, querySelector: () => ({ getAttribute: () => lang }) };
globalThis.location = { href: "http://localhost/" };
globalThis.fetch = async (url) => new Response(fs.readFileSync(fileURLToPath(String(url).split("?")[0])));

const pagefind = await import(pathToFileURL(path.join(output, "pagefind", "pagefind.js")).href);
await pagefind.options({ baseUrl: "/" });
const found = await pagefind.search(term === "" ? null : term, { filters: filters ? JSON.parse(filters) : {} });
for (const result of found.results) {
  const data = await result.data();
  console.log(data.url);
}
process.exit(0);
