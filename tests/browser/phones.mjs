// Browser test of pages on a phone (390 px) and a laptop (1366 px): a real
// (headless) Chromium opens the home page, a guide, a role hub and the level
// matrix of a built site and checks that the page itself never scrolls
// sideways (tables may scroll inside their own box), that a guide's band
// table shows Total comp on a phone without scrolling, that chart text is
// at least 11 px on screen with no chart wider than its figure, and that a
// long chart keeps an axis in view above and below. Screenshots go to target/screenshots/ for a
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
const pair = `/compare/${firstDir("compare")}/`;
const pages = { home: "/", guide, role, levels: "/levels/", pair };

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
      if (name === "pair") {
        // Four columns fit a phone: the table needs no scrolling in its box.
        const overflow = await page.$eval("table.pair", (table) => table.scrollWidth - table.parentElement.clientWidth);
        console.log(`phones: ${path} at ${width} px: the pair table is ${overflow} px wider than its box`);
        expect(overflow <= 0, `${path} at ${width} px: the company-vs-company table runs ${overflow} px past its box`);
      }
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
    // The same for the comparison tables a reader ranks by: home, role hub.
    for (const path of ["/", role]) {
      await page.goto(`${origin}${path}`);
      const ranked = await page.$$eval("table.ranked tbody td.band-total", (cells) =>
        cells.slice(0, 20).map((cell) => { const box = cell.getBoundingClientRect(); return { left: box.left, right: box.right, label: cell.textContent.trim() }; }));
      expect(ranked.length > 0, `${path}: no ranked rows`);
      for (const total of ranked) {
        expect(total.left >= 0 && total.right <= width, `${path} at ${width} px: total ${total.label} at ${Math.round(total.left)}–${Math.round(total.right)} px, off a ${width} px screen`);
      }
    }
    await page.goto(`${origin}${guide}`);
    // Chart text as drawn: its font size times its scale on screen, and
    // no chart wider than its figure (a chart that scrolls sideways hides
    // its figures as a wide table would).
    for (const path of [guide, role]) {
      await page.goto(`${origin}${path}`);
      const charts = await page.$$eval("figure.chart", (figures) => figures.map((figure) => ({
        overflow: figure.scrollWidth - figure.clientWidth,
        right: figure.getBoundingClientRect().right,
        smallest: Math.min(...Array.from(figure.querySelectorAll("svg text"), (text) => parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a)),
      })));
      expect(charts.length > 0, `${path}: no chart`);
      for (const chart of charts) {
        console.log(`phones: ${path} at ${width} px: smallest chart text ${chart.smallest.toFixed(1)} px, ${chart.overflow} px of chart past its figure`);
        expect(chart.smallest >= 11, `${path} at ${width} px: chart text ${chart.smallest.toFixed(1)} px high`);
        expect(chart.overflow <= 0 && chart.right <= width, `${path} at ${width} px: a chart runs ${chart.overflow} px past its figure`);
      }
    }
    // Halfway down the role hub's long chart an axis is in the window at its
    // top and at its bottom.
    await page.goto(`${origin}${role}`);
    const axes = await page.evaluate(() => {
      const plot = document.querySelector("svg.range-chart").getBoundingClientRect();
      window.scrollTo(0, window.scrollY + plot.top + plot.height / 2 - window.innerHeight / 2);
      const inView = (selector) => {
        const box = document.querySelector(selector)?.getBoundingClientRect();
        return Boolean(box) && box.top >= 0 && box.bottom <= window.innerHeight;
      };
      return { tall: plot.height > window.innerHeight, top: inView(".chart-axis-top"), bottom: inView(".chart-axis-bottom") };
    });
    console.log(`phones: ${role} at ${width} px, halfway down its chart: ${JSON.stringify(axes)}`);
    expect(!axes.tall || (axes.top && axes.bottom), `${role} at ${width} px: an axis scrolled out of view halfway down a long chart: ${JSON.stringify(axes)}`);
    await page.screenshot({ path: `target/screenshots/phones-role-chart-${width}.png` });
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
