// What the browser tests of a built site share: a static server for the
// site's folder on loopback, and headless Chromium started with the flags
// this machine needs (no sandbox as root, no background connections out).
import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { readFileSync, statSync } from "node:fs";
import { join, extname } from "node:path";

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml" };

// Serves `site` as a static host would; `requests` lists every URL asked for.
export async function serveSite(site) {
  const requests = [];
  const server = createServer((request, response) => {
    requests.push(request.url);
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
  return { origin: `http://127.0.0.1:${server.address().port}`, requests, close: () => server.close() };
}

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
