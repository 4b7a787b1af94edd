// Opens a tarkka report in headless Chromium (Debian's /usr/bin/chromium)
// and prints, as JSON: how many charts the page has, how many of them are
// displayed (an SVG with a non-empty box inside the viewport's layout),
// every console error and page error, and where the full-page screenshot
// went. Used by tests/integration/report.rs.
//
// Usage: node check-report.mjs REPORT_DIR/index.html SCREENSHOT.png
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

const [page_path, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const errors = [];
const requests = [];
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.on("console", (message) => {
  if (message.type() === "error") errors.push(`console: ${message.text()}`);
});
page.on("pageerror", (error) => errors.push(`page: ${error.message}`));
page.on("requestfailed", (request) => errors.push(`request failed: ${request.url()}`));
page.on("request", (request) => {
  if (!request.url().startsWith("file:")) requests.push(request.url());
});
await page.goto(pathToFileURL(page_path).href, { waitUntil: "load" });
const charts = await page.$$eval("figure[data-chart]", (figures) =>
  figures.map((figure) => {
    const svg = figure.querySelector("svg");
    const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
    const style = svg ? getComputedStyle(svg) : null;
    return {
      chart: figure.dataset.chart,
      width: Math.round(box.width),
      height: Math.round(box.height),
      shapes: svg ? svg.querySelectorAll("path, rect, polyline, polygon, circle, line").length : 0,
      visible: !!svg && box.width > 100 && box.height > 100 && style.visibility !== "hidden" && style.display !== "none",
    };
  }),
);
await page.screenshot({ path: screenshot, fullPage: true });
await browser.close();
console.log(JSON.stringify({ charts, errors, requests, screenshot }));
