/**
 * Runs the OIDC + Salesforce REST fixture in a process of its own, so a benchmark measures the app's
 * work rather than the fixture's sharing its event loop. Prints one JSON line (issuer, client, users),
 * then serves until stdin closes or it is sent SIGTERM. `FIXTURE_USERS=n` (n > 2) generates n users.
 */
import { startOidcFixture, type FixtureUser } from '../../test/fixtures/oidc-fixture.js';

const count = Number(process.env.FIXTURE_USERS ?? 0);
const users: FixtureUser[] | undefined =
  count > 2
    ? Array.from({ length: count }, (_, i) => ({
        id: `005${String(i).padStart(12, '0')}AAA`,
        email: `user${i}@bench.test`,
        name: `Bench User ${i}`,
        password: `password-${i}`,
        orgId: `00D${String(i % 50).padStart(12, '0')}AAA`,
        orgName: `Bench Org ${i % 50}`,
      }))
    : undefined;
const fixture = await startOidcFixture({ shape: 'salesforce', ...(users ? { users } : {}) });
process.stdout.write(`${JSON.stringify({ issuer: fixture.issuer, client: fixture.clients[0], users: fixture.users })}\n`);
const stop = () => void fixture.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
