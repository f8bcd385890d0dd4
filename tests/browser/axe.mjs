// Accessibility check of every page type with axe-core (pinned in
// package.json): home, guide, its printable sheet, company, role and region
// hubs, their lists, company vs company, levels, premiums, offers, search
// (with a query typed) and 404, at 390 and 1366 px. Fails on any violation,
// listing each rule, the page and the elements it names.
//
// usage: node tests/browser/axe.mjs BUILT_SITE_DIR
// (.ci/run runs it on the example site and on a 300-guide site)
import { launchChromium, serveSite } from "./harness.mjs";
import { readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const [site] = process.argv.slice(2);
const server = await serveSite(site);
const { origin } = server;

const dirs = (dir) => readdirSync(join(site, dir)).filter((name) => statSync(join(site, dir, name)).isDirectory()).sort();
const company = dirs("companies")[0];
const guide = `/companies/${company}/${dirs(`companies/${company}`)[0]}/`;
const pages = {
  home: "/",
  guide,
  sheet: `${guide}sheet/`,
  company: `/companies/${company}/`,
  companies: "/companies/",
  role: `/roles/${dirs("roles")[0]}/`,
  roles: "/roles/",
  region: `/regions/${dirs("regions")[0]}/`,
  regions: "/regions/",
  "company vs company": `/compare/${dirs("compare")[0]}/`,
  levels: "/levels/",
  premiums: "/premiums/",
  offers: "/offers/",
  search: "/search/?q=engineer",
  404: "/404.html",
};

const browser = await launchChromium();
const failures = [];
try {
  for (const width of [390, 1366]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    for (const [name, path] of Object.entries(pages)) {
      await page.goto(`${origin}${path}`);
      if (name === "search") await page.waitForSelector(".search-results li", { timeout: 5000 }).catch(() => {});
      await page.addScriptTag({ path: axePath });
      const violations = await page.evaluate(async () => {
        const results = await window.axe.run(document, { resultTypes: ["violations"] });
        return results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")), count: v.nodes.length }));
      });
      console.log(`axe: ${name} (${path}) at ${width} px: ${violations.length} violations`);
      for (const v of violations) {
        failures.push(`${name} (${path}) at ${width} px: ${v.id} (${v.impact}): ${v.help}; ${v.count} elements, e.g. ${v.targets.join(" | ")}`);
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}

if (failures.length) {
  for (const failure of failures) console.log(`axe: FAIL ${failure}`);
  process.exit(1);
}
console.log(`axe: 0 violations on ${Object.keys(pages).length} page types at 390 and 1366 px`);
