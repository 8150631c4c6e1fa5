/**
 * Runs the OIDC + Salesforce REST fixture in a process of its own, so a benchmark measures the app's
 * work rather than the fixture's sharing its event loop. Prints one JSON line (issuer, client), then
 * serves until stdin closes or it is sent SIGTERM.
 */
import { startOidcFixture } from '../../test/fixtures/oidc-fixture.js';

const fixture = await startOidcFixture({ shape: 'salesforce' });
process.stdout.write(`${JSON.stringify({ issuer: fixture.issuer, client: fixture.clients[0], users: fixture.users })}\n`);
const stop = () => void fixture.stop().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
