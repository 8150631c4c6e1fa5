// Runs Electronegativity's programmatic API over a folder and prints its findings as one JSON line.
// (Its CSV report is not reliable: rows whose sample holds a quote or a line break come out mangled.)
// Usage: node --require scripts/loopback-only.cjs scripts/electronegativity-run.cjs <input> <electron version> <excluded checks, comma-separated>
const path = require('node:path');
const run = require('@doyensec/electronegativity');

const [input, electronVersion, excluded = ''] = process.argv.slice(2);
run({
  input: path.resolve(input),
  isRelative: true,
  customScan: [],
  excludeFromScan: excluded.split(',').filter(Boolean),
  electronVersionOverride: electronVersion,
})
  .then(({ issues, errors, atomicChecks, globalChecks }) => {
    const findings = issues.map((i) => ({ issue: i.id, severity: i.severity.name, file: i.file, location: `${i.location.line}:${i.location.column}` }));
    process.stdout.write(`${JSON.stringify({ findings, errors: errors.length, checks: atomicChecks + globalChecks })}\n`);
  })
  .catch((error) => {
    console.error(error && error.stack ? error.stack : String(error));
    process.exit(2);
  });
