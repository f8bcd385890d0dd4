// Browser test of the reader tools on a built site: a real (headless)
// Chromium types offers into a guide's offer check and reads back the
// verdicts (below the floor, inside the band, above it, and in a GBP band),
// then prints every guide's negotiation sheet to PDF on A4 and on Letter and
// counts the pages: each must fit on one. Screenshots and PDFs go to
// target/screenshots/ for a person to look at.
//
// usage: node tests/browser/reader-tools.mjs BUILT_SITE_DIR
import { launchChromium, serveSite } from "./harness.mjs";
import { readdirSync, statSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [site] = process.argv.slice(2);
mkdirSync("target/screenshots", { recursive: true });
const server = await serveSite(site);
const { origin, requests } = server;

const browser = await launchChromium();
const failures = [];
function expect(condition, message) {
  if (!condition) failures.push(message);
}

try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => { if (message.type() === "error") problems.push(`console: ${message.text()}`); });
  await page.goto(`${origin}/companies/anthropic/ml-ai-engineer/`);
  await page.waitForSelector("#offer-check:not([hidden])");
  const form = page.locator("#offer-check");
  await form.screenshot({ path: "target/screenshots/offer-check-empty.png" });
  const before = requests.length;

  async function verdicts(region, base, equity, bonus) {
    await page.selectOption("#offer-check select[name=region]", { label: region });
    await page.fill("#offer-check input[name=base]", base);
    await page.fill("#offer-check input[name=equity]", equity);
    await page.fill("#offer-check input[name=bonus]", bonus);
    return page.locator("#offer-verdicts").innerText();
  }

  // San Francisco (USD): band $265K–$335K, floor $305K, ask $330K.
  let text = await verdicts("San Francisco (USD)", "$280K", "600000", "");
  expect(/Base is inside the band, 21% of the way from \$265K to \$335K/.test(text), `inside, below the floor: ${text}`);
  expect(/Base is \$25K \(8%\) below the floor of \$305K/.test(text), `gap to the floor: ${text}`);
  expect(/Base is \$50K \(15%\) below the ask of \$330K/.test(text), `gap to the ask: ${text}`);
  expect(/below the floor: lead with lever 1, Agentic Systems Premium/.test(text), `lever for the floor: ${text}`);

  text = await verdicts("San Francisco (USD)", "320K", "$740K", "");
  expect(/Base is inside the band, 79% of the way/.test(text), `inside the band: ${text}`);
  expect(/Base is \$15K \(5%\) above the floor/.test(text), `above the floor: ${text}`);
  expect(/Equity is exactly the ask of \$740K/.test(text), `equity at the ask: ${text}`);
  expect(/To close the gap to the ask: lever 3, Competing Lab Offers/.test(text), `lever for the ask: ${text}`);
  expect(/Your total comp of \$505K a year is inside the band/.test(text), `total: ${text}`);
  await page.locator("#offer").screenshot({ path: "target/screenshots/offer-check-filled.png" });

  text = await verdicts("San Francisco (USD)", "350,000", "900K", "");
  expect(/Base is above the band: \$15K \(4%\) over its top of \$335K/.test(text), `above the band: ${text}`);
  expect(/Base meets the ask/.test(text), `meets the ask: ${text}`);

  // London (GBP): band £201K–£255K; the script is in USD (GBP 1.27).
  text = await verdicts("London (GBP)", "£150K", "£300K", "");
  expect(/Base is below the band: £51K \(25%\) under its bottom of £201K/.test(text), `GBP below the band: ${text}`);
  expect(/converted to USD\) is \$115K \(38%\) below the floor of \$305K/.test(text), `GBP against the USD floor: ${text}`);
  expect(/the level may be wrong: see lever 4, Level Before Dollars/.test(text), `level lever: ${text}`);
  text = await verdicts("London (GBP)", "£230K", "", "");
  expect(/Base is inside the band, 54% of the way from £201K to £255K/.test(text), `GBP inside: ${text}`);
  expect(/Add the equity grant to compare total comp/.test(text), `total needs equity: ${text}`);
  text = await verdicts("London (GBP)", "£300K", "", "");
  expect(/Base is above the band: £45K \(18%\) over its top of £255K/.test(text), `GBP above: ${text}`);

  text = await verdicts("London (GBP)", "lots", "", "");
  expect(/Base is not a figure/.test(text), `a bad figure is named: ${text}`);

  expect(requests.length === before, `typing made requests: ${requests.slice(before).join(", ")}`);
  expect(problems.length === 0, problems.join("\n"));

  // Without JavaScript the form is not shown, the note and the table are.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const still = await plain.newPage();
  await still.goto(`${origin}/companies/anthropic/ml-ai-engineer/`);
  expect(!(await still.locator("#offer-check").isVisible()), "the form shows without JavaScript");
  expect((await still.locator("#offer").innerText()).includes("With JavaScript on"), "no note without JavaScript");
  expect(await still.locator("table.bands").isVisible(), "the bands table is hidden without JavaScript");
  await plain.close();

  // Every sheet prints on one page, on A4 and on Letter.
  const guides = readdirSync(join(site, "companies"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((company) => readdirSync(join(site, "companies", company.name), { withFileTypes: true })
      .filter((d) => d.isDirectory() && statSync(join(site, "companies", company.name, d.name, "sheet")).isDirectory())
      .map((d) => `${company.name}/${d.name}`));
  expect(guides.length > 0, "no sheets found");
  const sheet = await browser.newPage();
  for (const guide of guides) {
    await sheet.goto(`${origin}/companies/${guide}/sheet/`);
    for (const format of ["A4", "Letter"]) {
      const pdf = await sheet.pdf({ format, printBackground: false });
      const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
      expect(pages === 1, `${guide}/sheet/ prints on ${pages} ${format} pages`);
      if (guide === "anthropic/ml-ai-engineer") writeFileSync(`target/screenshots/sheet-${format}.pdf`, pdf);
    }
  }
  console.log(`reader tools: offer check verdicts read back; ${guides.length} sheets print on one A4 and one Letter page`);
} finally {
  await browser.close();
  server.close();
}
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
