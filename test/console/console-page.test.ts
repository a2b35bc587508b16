import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server.js';

const chromiumPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!chromiumPath) {
  if (process.env.CI === 'true') throw new Error('Chromium is missing: .ci/run installs Debian\'s chromium package.');
  console.warn('[notice] Chromium not found (apt-get install chromium): the console page browser test is SKIPPED.');
}

// `npm start` on a fresh machine: embedded database in a new folder, example plan loaded on first start.
describe.skipIf(!chromiumPath)('console page in a real browser', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'planbot-console-'));
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    app = await startServer(
      { DATABASE_URL: `pglite://${dir}`, PORT: '0', LOG_LEVEL: 'silent' },
      { now: () => new Date('2026-07-10T02:00:00Z') },
    );
    const { port } = app.server.address() as { port: number };
    base = `http://127.0.0.1:${port}/`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks 本月任务 as a chosen user in a chosen group and shows the answer', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    await expect(page.title()).resolves.toContain('工会计划助手');
    // The example directory's groups and people are offered.
    await page.waitForFunction(() => document.querySelectorAll('#chat option').length > 1);
    await page.selectOption('#chat', { label: '机关工会群' });
    await page.selectOption('#user', { label: '赵主席' });
    await page.fill('#text', '本月任务');
    await page.click('form#send button[type=submit]');
    const answer = page.locator('.msg.bot').last();
    await answer.waitFor();
    const text = await answer.innerText();
    expect(text).toContain('送清凉高温慰问一线职工');
    expect(text).toContain('7-8月');
    expect(text).not.toContain('组织职工疗休养');
    await expect(page.locator('.msg.me').last().innerText()).resolves.toContain('本月任务');
  });
});
