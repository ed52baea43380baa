// Browser tests: Playwright driving Debian's Chromium against the release build
// in target/test-dist (or $PAGE_DIST; see serve.mjs), served from the root and
// from a sub-path (as a blog would), and from a host that sends CORS headers.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from './tools/browser.mjs';

export default defineConfig({
  testDir: './specs',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: 'http://127.0.0.1:8091/',
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS },
  },
  webServer: [
    { command: 'node serve.mjs --port 8091', url: 'http://127.0.0.1:8091/', reuseExistingServer: false },
    { command: 'node serve.mjs --port 8092 --base /blog/raft/', url: 'http://127.0.0.1:8092/blog/raft/', reuseExistingServer: false },
    // A host that allows any origin (CORS): the split build in sandboxed frames.
    { command: 'node serve.mjs --port 8097 --cors', url: 'http://127.0.0.1:8097/', reuseExistingServer: false },
  ],
});
