// Browser test of comparison tables on a big site: every figure column of
// the role, region and company tables sorts by its header (a button, by
// click or Enter, with aria-sort saying which way), and a region picker
// above a table with several regions shows one region's rows. Without
// JavaScript the table stays whole and in the page's order.
//
// usage: node tests/browser/tables.mjs BUILT_SITE_DIR
// (.ci/run builds a 300-guide site with bench/generate.py for it)
import { launchChromium, serveSite } from "./harness.mjs";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const [site] = process.argv.slice(2);
const server = await serveSite(site);
const { origin } = server;
const firstDir = (dir) => readdirSync(join(site, dir)).filter((name) => statSync(join(site, dir, name)).isDirectory()).sort()[0];
const pages = [`/roles/${firstDir("roles")}/`, `/regions/${firstDir("regions")}/`, `/companies/${firstDir("companies")}/`];

const browser = await launchChromium();
const failures = [];
function expect(condition, message) {
  if (!condition) failures.push(message);
}

// The column's values, top row first, as sorting reads them.
function columnValues(page, name) {
  return page.evaluate((name) => {
    const table = document.querySelector("table[data-sortable]");
    const headers = Array.from(table.tHead.rows[0].cells);
    const column = headers.findIndex((th) => th.textContent.trim().startsWith(name));
    return Array.from(table.tBodies[0].rows).filter((row) => !row.hidden).map((row) => {
      const cell = row.children[column];
      return cell.hasAttribute("data-value") ? (cell.getAttribute("data-value") === "" ? null : Number(cell.getAttribute("data-value"))) : cell.textContent.trim().toLowerCase();
    });
  }, name);
}

function ordered(values, way) {
  const present = values.filter((v) => v !== null);
  const tail = values.slice(present.length);
  if (tail.some((v) => v !== null)) return false;
  return present.every((v, i) => i === 0 || (way === "ascending" ? present[i - 1] <= v : present[i - 1] >= v));
}

const sortOf = (page, name) => page.evaluate((name) => Array.from(document.querySelectorAll("table[data-sortable] thead th")).find((th) => th.textContent.trim().startsWith(name)).getAttribute("aria-sort"), name);

try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  for (const path of pages) {
    await page.goto(`${origin}${path}`);
    const rowCount = await page.locator("table[data-sortable] tbody tr").count();
    for (const [name, first] of [["Total comp", "descending"], ["Base", "descending"], ["Equity / yr", "descending"], ["Guide", "ascending"]]) {
      const button = page.locator("table[data-sortable] thead th button.sort", { hasText: name }).first();
      expect(await button.count() === 1, `${path}: no sort button on ${name}`);
      if (!(await button.count())) continue;
      await button.click();
      const way = await sortOf(page, name);
      expect(way === first, `${path}: ${name} first sorts ${way}, not ${first}`);
      expect(ordered(await columnValues(page, name), first), `${path}: ${name} not ${first} after a click`);
      // The keyboard does the same: Enter on the focused button reverses it.
      await button.focus();
      await page.keyboard.press("Enter");
      const back = first === "ascending" ? "descending" : "ascending";
      expect(await sortOf(page, name) === back, `${path}: Enter on ${name} did not reverse the sort`);
      expect(ordered(await columnValues(page, name), back), `${path}: ${name} not ${back} after Enter`);
    }
    expect(await page.locator("table[data-sortable] tbody tr").count() === rowCount, `${path}: sorting lost rows`);

    const select = page.locator("select[id^=region-filter]");
    const regions = await select.count() ? await select.first().locator("option").allTextContents() : [];
    const tableRegions = new Set(await columnValues(page, "Region"));
    console.log(`tables: ${path}: ${rowCount} rows, ${tableRegions.size} regions, picker with ${regions.length} options`);
    if (tableRegions.size < 2) {
      expect(regions.length === 0, `${path}: a region picker on a table of one region`);
      continue;
    }
    expect(regions.length === tableRegions.size + 1, `${path}: the picker lists ${regions.length - 1} of ${tableRegions.size} regions`);
    if (regions.length < 2) continue;
    const region = regions[1];
    await select.first().selectOption({ label: region });
    const shown = await columnValues(page, "Region");
    expect(shown.length > 0 && shown.every((r) => r === region.toLowerCase()), `${path}: picking ${region} shows ${[...new Set(shown)]}`);
    const status = await page.locator(".filter-status").first().textContent();
    expect(status.includes(`${shown.length} of ${rowCount}`), `${path}: status says "${status}"`);
    await select.first().selectOption({ label: "All regions" });
    expect((await columnValues(page, "Region")).length === rowCount, `${path}: All regions does not show every row again`);
  }
  await page.close();

  const plain = await browser.newPage({ viewport: { width: 1366, height: 900 }, javaScriptEnabled: false });
  await plain.goto(`${origin}${pages[0]}`);
  expect(await plain.locator("button.sort, .table-filter").count() === 0, "without JavaScript the table has sort buttons or a picker");
  await plain.close();
} finally {
  await browser.close();
  server.close();
}

if (failures.length) {
  for (const failure of failures) console.log(`tables: FAIL ${failure}`);
  process.exit(1);
}
console.log("tables: every figure column sorts both ways by click and Enter; the region picker shows one region's rows");
