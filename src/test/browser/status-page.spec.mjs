// The public status page in a real browser (Debian's Chromium, headless, zh-CN, a phone-sized window): an
// applicant enters the ID number and the last four phone digits and reads where the application stands.
// Self-contained: it needs only playwright-core and a running application that holds the applications
// named in the cases file. StatusPageBrowserTest (JUnit) seeds them and runs this script; by hand:
//   STATUS_BASE_URL=http://localhost:8080 STATUS_CASES=cases.json STATUS_SCREENSHOTS=shots node status-page.spec.mjs
// cases.json: [{ "name": "at-issuing-unit", "idNumber": "...", "phoneLast4": "1234", "status": "AT_ISSUING_UNIT",
//                "title": "可以领卡了", "texts": ["请在此日期前领取", ...] }, ...]; status NOT_FOUND for a miss.
// Exit code 0 when every case passed; a failed case leaves its screenshot named *-FAILED.png.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const BASE = (process.env.STATUS_BASE_URL ?? 'http://localhost:8080').replace(/\/$/, '');
const CASES = JSON.parse(fs.readFileSync(process.env.STATUS_CASES ?? 'status-cases.json', 'utf8'));
const OUT = path.resolve(process.env.STATUS_SCREENSHOTS ?? 'screenshots/status');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT = 15_000;

fs.mkdirSync(OUT, { recursive: true });

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const context = await browser.newContext({
  locale: 'zh-CN',
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
});
context.setDefaultTimeout(TIMEOUT);

// the page must not reach outside the application (no CDN, no fonts from elsewhere)
const outside = [];
context.on('request', (request) => {
  if (!request.url().startsWith(BASE) && !request.url().startsWith('data:')) {
    outside.push(request.url());
  }
});

let failures = 0;
let number = 0;
for (const c of CASES) {
  number += 1;
  const page = await context.newPage();
  const name = `${String(number).padStart(2, '0')}-${c.name}`;
  try {
    await page.goto(`${BASE}/status/`);
    await page.getByRole('heading', { name: '社保卡办理进度查询' }).waitFor();
    await page.getByLabel('身份证号码').fill(c.idNumber);
    await page.getByLabel('手机号码后4位').fill(c.phoneLast4);
    await page.getByRole('button', { name: '查询' }).click();
    const result = page.locator(`#result[data-status="${c.status}"]`);
    await result.waitFor({ state: 'visible' });
    const title = (await page.locator('#title').textContent()).trim();
    if (c.title && title !== c.title) {
      throw new Error(`title "${title}", expected "${c.title}"`);
    }
    const shown = await result.innerText();
    for (const t of c.texts ?? []) {
      if (!shown.includes(t)) {
        throw new Error(`"${t}" not shown in:\n${shown}`);
      }
    }
    for (const t of c.absent ?? []) {
      if (shown.includes(t)) {
        throw new Error(`"${t}" must not be shown`);
      }
    }
    await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
    console.log(`ok   ${name}: ${title}`);
  } catch (e) {
    failures += 1;
    await page.screenshot({ path: path.join(OUT, `${name}-FAILED.png`), fullPage: true }).catch(() => {});
    console.log(`FAIL ${name}: ${e.message}`);
  }
  await page.close();
}

if (outside.length > 0) {
  failures += 1;
  console.log(`FAIL requests outside the application: ${outside.join(', ')}`);
}
await browser.close();
console.log(`${CASES.length - Math.min(failures, CASES.length)} of ${CASES.length} cases passed; screenshots in ${OUT}`);
process.exit(failures === 0 ? 0 : 1);
