// Browser test of the search page on a built example site: a real (headless)
// Chromium types queries and reads the result list back. A company's alias
// from site.toml finds it (`GDM`), a company-name match ranks above a guide
// whose tagline has the word (`scale`: Scale AI before "at Massive Scale"),
// and "Company Region" narrows to that company's guides with the region.
//
// usage: node tests/browser/search.mjs BUILT_EXAMPLE_SITE_DIR
import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { readFileSync, statSync } from "node:fs";
import { join, extname } from "node:path";

const [site] = process.argv.slice(2);
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml" };
const server = createServer((request, response) => {
  let path = join(site, decodeURIComponent(new URL(request.url, "http://x").pathname));
  try {
    if (statSync(path).isDirectory()) path = join(path, "index.html");
    response.writeHead(200, { "content-type": TYPES[extname(path)] || "application/octet-stream" });
    response.end(readFileSync(path));
  } catch {
    response.writeHead(404);
    response.end();
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const failures = [];
function expect(condition, message) {
  if (!condition) failures.push(message);
}

try {
  const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
  await page.goto(`${origin}/search/`);
  async function results(query) {
    await page.fill("#q", query);
    const titles = await page.$$eval(".search-results .card-title", (headings) => headings.map((h) => h.textContent.trim()));
    console.log(`search: ${JSON.stringify(query)} -> ${JSON.stringify(titles)}`);
    return titles;
  }
  const gdm = await results("GDM");
  expect(gdm.length === 2 && gdm.every((t) => t.endsWith("at Google DeepMind")), `"GDM" found ${JSON.stringify(gdm)}`);
  const scale = await results("scale");
  expect(scale[0] === "ML/AI Engineer at Scale AI", `"scale" ranks ${JSON.stringify(scale[0])} first`);
  expect(scale.length > 1, `"scale" found only the company, not the taglines that say it`);
  const deepmindLondon = await results("DeepMind London");
  expect(deepmindLondon.length > 0 && deepmindLondon.every((t) => t.endsWith("at Google DeepMind")),
    `"DeepMind London" found ${JSON.stringify(deepmindLondon)}`);
  await page.screenshot({ path: "target/screenshots/search-390.png" });
} finally {
  await browser.close();
  server.close();
}

if (failures.length) {
  for (const failure of failures) console.log(`search: FAIL ${failure}`);
  process.exit(1);
}
console.log("search: aliases find their company; a company-name match ranks first");
