/**
 * Finding and launching the browser for the end-to-end suite: Debian's
 * `chromium` driven by `playwright-core` (its own browser downloads cannot
 * work here). No browser: the suite FAILS in CI and is skipped, with the
 * reason printed, on a developer machine.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** The Chromium binary: `BATON_CHROMIUM`, else Debian's `/usr/bin/chromium`. */
export const CHROMIUM_PATH = process.env.BATON_CHROMIUM || '/usr/bin/chromium';

/** Flags that keep headless Chromium quiet and self-contained in containers and CI. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const inCI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

/**
 * `describe` for a suite that needs the browser. Without one it registers a
 * single failing test in CI, and skips the suite (saying why) elsewhere.
 */
export function describeWithBrowser(name: string, suite: () => void): void {
  if (existsSync(CHROMIUM_PATH)) return describe(name, suite);
  const reason =
    `Chromium not found at ${CHROMIUM_PATH}. Install Debian's \`chromium\` package ` +
    `or set BATON_CHROMIUM to a Chromium/Chrome binary.`;
  if (inCI) {
    describe(name, () => {
      it('has a browser to run in', () => {
        throw new Error(`End-to-end tests cannot run: ${reason}`);
      });
    });
  } else {
    // eslint-disable-next-line no-console
    console.warn(`Skipping "${name}": ${reason} (In CI — CI=true — this fails instead.)`);
    describe.skip(name, suite);
  }
}

/** Launches headless Chromium. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}
