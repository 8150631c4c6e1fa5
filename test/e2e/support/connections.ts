import type { BrowserContext, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { OidcFixture } from '../../fixtures/oidc-fixture.js';
import type { DeskApp } from './desk-app.js';
import { call, localSalesforceOffering } from './desk-calls.js';

/** The fixture's users as the provider's login page knows them. */
export const ALICE = { email: 'alice@acme.test', password: 'alice-password', name: 'Alice Anderson', org: 'Acme Inc' } as const;
export const BOB = { email: 'bob@globex.test', password: 'bob-password', name: 'Bob Brown', org: 'Globex' } as const;
export type FixtureLogin = { email: string; password: string };

/**
 * The local "Salesforce" offering and a configured integration for it (created and verified through
 * the contract: the create flow has its own test). Returns the integration's id.
 */
export async function configuredIntegration(desk: DeskApp, fixture: OidcFixture, name = 'Acme Sales Cloud'): Promise<string> {
  const offerings = await call<Array<{ id: string; loginUrl?: string }>>(desk, 'offerings.list');
  const existing = offerings.find((o) => o.loginUrl === fixture.issuer);
  const offeringId = existing?.id ?? (await call<{ id: string }>(desk, 'offerings.create', localSalesforceOffering(fixture.issuer))).id;
  const client = fixture.clients[0]!;
  const integration = await call<{ id: string }>(desk, 'integrations.create', {
    name,
    offeringId,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    scopes: ['api', 'refresh_token', 'openid'],
  });
  const verified = await call<{ integration: { status: string } }>(desk, 'integrations.verify', { id: integration.id });
  expect(verified.integration.status).toBe('configured');
  return integration.id;
}

/**
 * A connection made without a browser, for tests about what the UI shows rather than how it is made:
 * the contract starts the sign-in, the fixture's scripted agent logs in and consents, and the test
 * delivers the redirect to the app's loopback listener as the browser would.
 */
export async function seedConnection(desk: DeskApp, fixture: OidcFixture, integrationId: string, user: FixtureLogin): Promise<string> {
  const flow = await call<{ authorizationUrl: string }>(desk, 'connections.start', { integrationId });
  const callbackUrl = await fixture.authorize(flow.authorizationUrl, user);
  const response = await fetch(callbackUrl);
  expect(response.status).toBe(200);
  await response.text();
  const connections = await call<Array<{ id: string; userEmail: string }>>(desk, 'connections.list', { integrationId });
  const made = connections.find((c) => c.userEmail === user.email);
  if (!made) throw new Error(`no connection for ${user.email} after the callback`);
  return made.id;
}

/**
 * Clicks New Connection and signs `user` in on the provider's own pages, in the tab the app opened
 * (browser mode opens the authorization URL with `window.open`). `decision` is the consent button.
 * Returns the provider's tab, left on the page the app's loopback listener answered with.
 */
export async function signInThroughNewTab(
  page: Page,
  context: BrowserContext,
  user: FixtureLogin,
  decision: 'Allow' | 'Deny' = 'Allow',
): Promise<Page> {
  const opened = context.waitForEvent('page');
  await page.getByRole('button', { name: 'New Connection' }).click();
  const provider = await opened;
  await expect(page.getByRole('heading', { name: 'Waiting for the browser…' })).toBeVisible();
  await provider.waitForLoadState('domcontentloaded');
  await expect(provider.getByRole('heading', { name: 'Log in' })).toBeVisible();
  await provider.getByLabel('Username').fill(user.email);
  await provider.getByLabel('Password').fill(user.password);
  await provider.getByRole('button', { name: 'Log In' }).click();
  await expect(provider.getByRole('heading', { name: 'Allow Access?' })).toBeVisible();
  await provider.getByRole('button', { name: decision, exact: true }).click();
  return provider;
}
