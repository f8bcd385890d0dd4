// Browser test of pages on a phone (390 px) and a laptop (1366 px): a real
// (headless) Chromium opens the home page, a guide, a role hub and the level
// matrix of a built site and checks that the page itself never scrolls
// sideways (tables may scroll inside their own box), that a guide's band
// table shows Total comp on a phone without scrolling, and that chart text is
// at least 10 px on screen (on a phone a chart scrolls sideways inside its
// own figure to keep it so; the page does not). Screenshots go to target/screenshots/ for a
// person to look at.
//
// usage: node tests/browser/phones.mjs BUILT_SITE_DIR
// (.ci/run builds a 300-guide site with bench/generate.py for it)
import { launchChromium, serveSite } from "./harness.mjs";
import { readdirSync, statSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const [site] = process.argv.slice(2);
mkdirSync("target/screenshots", { recursive: true });
const server = await serveSite(site);
const { origin } = server;

// The first company's first guide and the first role, whatever the site holds.
const firstDir = (dir) => readdirSync(join(site, dir)).filter((name) => statSync(join(site, dir, name)).isDirectory()).sort()[0];
const company = firstDir("companies");
const guide = `/companies/${company}/${firstDir(`companies/${company}`)}/`;
const role = `/roles/${firstDir("roles")}/`;
const pages = { home: "/", guide, role, levels: "/levels/" };

const browser = await launchChromium();
const failures = [];
function expect(condition, message) {
  if (!condition) failures.push(message);
}

try {
  for (const width of [390, 1366]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    for (const [name, path] of Object.entries(pages)) {
      await page.goto(`${origin}${path}`);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      console.log(`phones: ${path} at ${width} px: page ${scrollWidth} px wide in a ${innerWidth} px window`);
      expect(scrollWidth <= innerWidth, `${path} at ${width} px scrolls sideways: ${scrollWidth} px wide in a ${innerWidth} px window`);
      await page.screenshot({ path: `target/screenshots/phones-${name}-${width}.png`, fullPage: name !== "levels" });
      if (name === "levels") {
        // Scrolled down and right inside its box, the matrix keeps its header
        // row at the box's top and its guide column at the box's left.
        const stuck = await page.evaluate(() => {
          const box = document.querySelector(".matrix-scroll");
          box.scrollTo(box.scrollWidth, 600);
          const frame = box.getBoundingClientRect();
          const corner = box.querySelector("thead th").getBoundingClientRect();
          const header = box.querySelector("thead th:last-child").getBoundingClientRect();
          const rows = Array.from(box.querySelectorAll("tbody th"), (th) => th.getBoundingClientRect()).filter((r) => r.top >= header.bottom && r.bottom <= frame.bottom);
          return { scrolled: box.scrollTop > 0 && box.scrollLeft > 0, corner: corner.top - frame.top + corner.left - frame.left, header: header.top - frame.top, column: rows.length ? rows[0].left - frame.left : null };
        });
        console.log(`phones: ${path} at ${width} px scrolled in its box: ${JSON.stringify(stuck)}`);
        expect(stuck.scrolled, `${path} at ${width} px: the matrix box does not scroll both ways`);
        expect(Math.abs(stuck.corner) < 2 && Math.abs(stuck.header) < 2 && stuck.column !== null && Math.abs(stuck.column) < 2,
          `${path} at ${width} px: header row or guide column scrolled out of the matrix box: ${JSON.stringify(stuck)}`);
        await page.screenshot({ path: `target/screenshots/phones-levels-scrolled-${width}.png` });
      }
    }

    await page.goto(`${origin}${guide}`);
    await page.locator("#bands").screenshot({ path: `target/screenshots/phones-bands-${width}.png` });
    // Every band's Total comp lies inside the window, with no scrolling.
    const totals = await page.$$eval("table.bands tbody td:last-child", (cells) =>
      cells.map((cell) => { const box = cell.getBoundingClientRect(); return { left: box.left, right: box.right, label: cell.textContent.trim() }; }));
    expect(totals.length > 0, `${guide}: no band rows`);
    for (const total of totals) {
      expect(total.left >= 0 && total.right <= width, `${guide} at ${width} px: total ${total.label} at ${Math.round(total.left)}–${Math.round(total.right)} px, off a ${width} px screen`);
    }
    // Chart text as drawn: font size times the SVG's scale on screen.
    const smallest = await page.$$eval("svg.range-chart", (charts) => Math.min(...charts.map((svg) => {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return Math.min(...Array.from(svg.querySelectorAll("text"), (text) => parseFloat(getComputedStyle(text).fontSize) * scale));
    })));
    console.log(`phones: ${guide} at ${width} px: smallest chart text ${smallest.toFixed(1)} px`);
    expect(smallest >= 10, `${guide} at ${width} px: chart text ${smallest.toFixed(1)} px high`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}

if (failures.length) {
  for (const failure of failures) console.log(`phones: FAIL ${failure}`);
  process.exit(1);
}
console.log("phones: every page fits its window at 390 and 1366 px; totals and chart text readable");
