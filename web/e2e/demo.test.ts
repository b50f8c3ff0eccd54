/**
 * The demo app in a real browser against the real API: silent refresh,
 * one refresh across tabs, logout across tabs, revocation from elsewhere.
 * Every refresh that reaches the API is counted by the app's proxy.
 */
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../../api/test/support/server.js';
import { describeWithBrowser, launchBrowser } from './support/browser.js';
import { buildDemo, serveDemo, type DemoApp } from './support/demo-app.js';
import { navigate, screenshot, signIn, signUp, sleep, uniqueEmail, waitForSignedOut, watchErrors } from './support/pages.js';

/** Access tokens live 3 s (no clock tolerance), so tests can outlive them quickly. */
const ACCESS_TOKEN_TTL_MS = 3000;
const outliveAccessToken = () => sleep(ACCESS_TOKEN_TTL_MS + 1000);

describeWithBrowser('demo app in Chromium', () => {
  let api: TestServer;
  let app: DemoApp;
  let browser: Browser;

  beforeAll(async () => {
    const [dir, server, launched] = await Promise.all([
      buildDemo(),
      startTestServer({ ACCESS_TOKEN_TTL: `${ACCESS_TOKEN_TTL_MS / 1000}s`, JWT_CLOCK_TOLERANCE: '0s' }),
      launchBrowser(),
    ]);
    api = server;
    browser = launched;
    app = await serveDemo(dir, api.origin);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await api?.stop();
  });

  /**
   * Asserts that exactly `expected` refreshes reached the API since the
   * `mark`-th recorded operation, all successful; the failure message lists
   * the operations that did.
   */
  const expectRefreshesSince = (mark: number, expected: number) => {
    const since = app.operations.slice(mark);
    const refreshes = since.filter((op) => op.fields.includes('refreshToken'));
    const log = since.map((op) => `${op.operationName ?? '?'} ${op.status}${op.error ? ` ${op.error}` : ''}`).join('\n  ');
    if (refreshes.length !== expected || refreshes.some((op) => op.error)) {
      throw new Error(`expected ${expected} successful refresh(es), the API saw:\n  ${log}`);
    }
  };

  it('refreshes an expired access token silently, exactly once', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchErrors(page);
    const email = uniqueEmail('refresh');

    await page.goto(app.url);
    await waitForSignedOut(page);
    await screenshot(page, '01-sign-in');

    await signUp(page, app.url, email);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await waitForSignedOut(page);
    await signIn(page, email);
    await screenshot(page, '02-account');

    await outliveAccessToken();
    const mark = app.operations.length;
    await navigate(page, 'sessions');
    await page.getByTestId('session-row').first().waitFor();

    expectRefreshesSince(mark, 1);
    await expect(page.getByTestId('refresh-indicator').getAttribute('data-count')).resolves.toBe('1');
    await expect(page.getByTestId('refresh-indicator').textContent()).resolves.toMatch(/Session refreshed at \d\d:\d\d:\d\d/);
    await screenshot(page, '03-refreshed-sessions');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('two tabs with expired tokens loading at once share one refresh', async () => {
    const context = await browser.newContext();
    const [tabA, tabB] = [await context.newPage(), await context.newPage()];
    const errors = [...watchErrors(tabA), ...watchErrors(tabB)];
    const email = uniqueEmail('tabs');

    await signUp(tabA, app.url, email);
    await tabB.goto(app.url); // restores the session through the refresh cookie
    await tabB.getByTestId('me-email').getByText(email).waitFor();

    await outliveAccessToken();
    const mark = app.operations.length;
    await Promise.all([navigate(tabA, 'sessions'), navigate(tabB, 'sessions')]);
    await Promise.all([tabA.getByTestId('session-row').first().waitFor(), tabB.getByTestId('session-row').first().waitFor()]);

    expectRefreshesSince(mark, 1);
    for (const tab of [tabA, tabB]) await expect(tab.getByTestId('signed-in-as').textContent()).resolves.toBe(email);
    await screenshot(tabA, '04-two-tabs-a');
    await screenshot(tabB, '04-two-tabs-b');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('signing out in one tab signs the other tab out', async () => {
    const context = await browser.newContext();
    const [tabA, tabB] = [await context.newPage(), await context.newPage()];
    const errors = [...watchErrors(tabA), ...watchErrors(tabB)];
    const email = uniqueEmail('logout');

    await signUp(tabA, app.url, email);
    await tabB.goto(app.url);
    await tabB.getByTestId('me-email').getByText(email).waitFor();

    await tabA.getByRole('button', { name: 'Sign out' }).click();
    await waitForSignedOut(tabA);
    await waitForSignedOut(tabB);
    await expect(tabB.getByTestId('session-notice').getAttribute('data-kind')).resolves.toBe('remote-logout');
    await expect(tabA.getByTestId('session-notice').getAttribute('data-kind')).resolves.toBe('logout');
    await screenshot(tabB, '05-signed-out-by-other-tab');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a session revoked from another browser ends cleanly at its next request', async () => {
    const laptop = await browser.newContext();
    const phone = await browser.newContext();
    const victim = await laptop.newPage();
    const other = await phone.newPage();
    const errors = [...watchErrors(victim), ...watchErrors(other)];
    const email = uniqueEmail('revoke');

    await signUp(victim, app.url, email);
    await other.goto(app.url);
    await waitForSignedOut(other);
    await signIn(other, email);
    await navigate(other, 'sessions');
    await other.locator('[data-testid=session-row]').nth(1).waitFor();
    await screenshot(other, '06-sessions-before-revoke');

    await other.locator('[data-testid=session-row][data-current=false]').getByTestId('revoke').click();
    await other.locator('[data-testid=session-row]').nth(1).waitFor({ state: 'detached' });

    await navigate(victim, 'sessions');
    await waitForSignedOut(victim);
    await expect(victim.getByTestId('session-notice').getAttribute('data-kind')).resolves.toBe('ended');
    await expect(victim.getByTestId('session-notice').textContent()).resolves.toContain('Your session has ended');
    await expect(victim.getByRole('alert').count()).resolves.toBe(0); // no error box, no error page
    await screenshot(victim, '07-session-ended');

    await other.getByTestId('logout-all').click();
    await waitForSignedOut(other);
    await expect(other.getByTestId('session-notice').getAttribute('data-kind')).resolves.toBe('logout-all');
    await screenshot(other, '08-signed-out-everywhere');
    expect(errors).toEqual([]);
    await laptop.close();
    await phone.close();
  });
});
