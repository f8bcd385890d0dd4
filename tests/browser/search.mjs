// Browser test of the search page on a built example site: a real (headless)
// Chromium types queries and reads the result list back. A company's alias
// from site.toml finds it (`GDM`), a company-name match ranks above a guide
// whose tagline has the word (`scale`: Scale AI before "at Massive Scale"),
// and "Company Region" narrows to that company's guides with the region.
//
// usage: node tests/browser/search.mjs BUILT_EXAMPLE_SITE_DIR
import { launchChromium, serveSite } from "./harness.mjs";

const [site] = process.argv.slice(2);
const server = await serveSite(site);
const { origin } = server;

const browser = await launchChromium();
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
