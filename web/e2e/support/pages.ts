/** What the end-to-end tests do in the demo app, one helper per user action. */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

/** Screenshots go to `<repo>/test-artifacts/e2e/` (gitignored). */
export const ARTIFACTS_DIR = resolve(__dirname, '../../../test-artifacts/e2e');

/** A password the API accepts. */
export const PASSWORD = 'correct horse battery staple';

let counter = 0;
/** A unique email for this run. */
export const uniqueEmail = (prefix = 'e2e') => `${prefix}-${process.pid}-${Date.now().toString(36)}-${++counter}@example.com`;

/** Creates an account on the sign-up screen and waits for the account page with `me`. */
export async function signUp(page: Page, origin: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${origin}/#/signup`);
  const form = page.getByTestId('signup-form');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Create account' }).click();
  await page.getByTestId('me-email').getByText(email).waitFor();
}

/** Signs in on the sign-in screen (the page must be showing it) and waits for `me`. */
export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  const form = page.getByTestId('signin-form');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('me-email').getByText(email).waitFor();
}

/** Goes to a screen through the app's own navigation (no reload: the access token stays in memory). */
export async function navigate(page: Page, route: 'account' | 'sessions'): Promise<void> {
  await page.evaluate((r) => {
    window.location.hash = `#/${r}`;
  }, route);
}

/** Waits until the page shows the sign-in screen. */
export async function waitForSignedOut(page: Page): Promise<void> {
  await page.getByTestId('signin-form').waitFor();
}

/** Saves a full-page screenshot as `test-artifacts/e2e/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

/** Collects uncaught page errors (an error page or a crash), to assert there were none. */
export function watchErrors(page: Page): Error[] {
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  return errors;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
