// Browser test: a real (headless) Chromium opens a page served by
// `guidepress serve`, the test edits the guide on disk, and the page must
// change by itself; a broken edit must show the error overlay, a fix must
// clear it. Screenshots go to target/screenshots/ for a person to look at.
//
// usage: node tests/browser/live-reload.mjs GUIDEPRESS_BINARY SITE_DIR
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";

const [binary, site] = process.argv.slice(2);
const guide = join(site, "content", "anthropic-ml-ai-engineer.md");
const original = readFileSync(guide, "utf8");
mkdirSync("target/screenshots", { recursive: true });

const server = spawn(binary, ["-r", site, "serve", "-p", "0"], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, NO_COLOR: "1" } });
const url = await new Promise((resolve, reject) => {
  createInterface({ input: server.stdout }).once("line", (line) => {
    const match = line.match(/http:\/\/[^ ]+\//);
    match ? resolve(match[0]) : reject(new Error(`no address in: ${line}`));
  });
  server.once("exit", (code) => reject(new Error(`serve exited with ${code}`)));
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => { if (message.type() === "error") problems.push(`console: ${message.text()}`); });
  const path = `${url}companies/anthropic/ml-ai-engineer/`;
  await page.goto(path);
  await page.waitForSelector("#dna-h");

  // 1. An edit shows up without touching the browser.
  const marker = `Edited at ${Date.now()}`;
  writeFileSync(guide, original.replace("**Negotiation DNA**\n", `**Negotiation DNA**\n${marker}. `));
  await page.waitForFunction((text) => document.body.innerText.includes(text), marker, { timeout: 15000 });
  console.log("live reload: the edit appeared in the open page");

  // 2. A broken edit shows the overlay with the file and line.
  writeFileSync(guide, original.replace("| $265K-$335K |", "| $265K-$35K |"));
  await page.waitForSelector("#guidepress-overlay", { timeout: 15000 });
  const overlay = await page.locator("#guidepress-overlay").innerText();
  if (!/anthropic-ml-ai-engineer\.md:\d+:\d+/.test(overlay) || !overlay.includes("E014")) {
    throw new Error(`overlay lacks file:line and code: ${overlay}`);
  }
  await page.screenshot({ path: "target/screenshots/overlay.png" });
  console.log("live reload: the overlay names the error");

  // 3. The fix clears it.
  writeFileSync(guide, original);
  await page.waitForSelector("#guidepress-overlay", { state: "detached", timeout: 15000 });
  await page.screenshot({ path: "target/screenshots/served-guide.png" });
  console.log("live reload: the fix cleared the overlay");
  if (problems.length) throw new Error(problems.join("\n"));
} catch (error) {
  console.error(`live reload test failed: ${error.message}`);
  failed = true;
} finally {
  writeFileSync(guide, original);
  await browser.close();
  server.kill("SIGINT");
}
process.exit(failed ? 1 : 0);
