import { z } from 'zod';

// Imported first by main.tsx, for its side effect: zod decides whether to compile an object schema's
// parser with `new Function` when the schema is built, i.e. while the contract modules load. The page's
// CSP forbids eval, so that probe would be refused and reported as a CSP violation on every page. Without
// JIT, zod validates with its interpreter, which is plenty for the contract's payloads.
z.config({ jitless: true });
