// A small HTTP load generator on 127.0.0.1, in a process of its own so it does not compete with the
// server it measures for one event loop. Reads a JSON plan from argv[2], prints one JSON result line.
//
//   { mode: 'latency', targets: [req, req], warmup, count }  → each target in turn, one request at a time
//   { mode: 'throughput', target: req, concurrency, maxRequests, maxMs } → requests/second
//   { mode: 'rounds', targets: [a, b], rounds, warmup, concurrency, maxRequests, maxMs }
//       → a throughput phase of each target per round, in alternating order (a b, b a, a b, …), after
//         `warmup` untimed requests to each at that concurrency: { phases: [[a's], [b's]] }, each phase
//         as 'throughput' gives it (bounds per phase). One process, warm sockets and JIT for both.
//
// A request is { url, method, headers, body }; only 127.0.0.1 URLs are accepted.
import http from 'node:http';

const plan = JSON.parse(process.argv[2]);
const agent = new http.Agent({ keepAlive: true, maxSockets: plan.concurrency ?? 1 });

function send(target) {
  const url = new URL(target.url);
  if (url.hostname !== '127.0.0.1') throw new Error(`refusing to send benchmark traffic to ${url.hostname}`);
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const req = http.request(
      { host: '127.0.0.1', port: url.port, path: url.pathname + url.search, method: target.method ?? 'GET', headers: target.headers, agent },
      (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - start) / 1e6 }));
      },
    );
    req.on('error', reject);
    req.end(target.body);
  });
}

async function latency() {
  const samples = plan.targets.map(() => []);
  const errors = plan.targets.map(() => 0);
  for (let i = 0; i < plan.warmup + plan.count; i += 1) {
    // Interleaved, so drift (GC, CPU frequency) hits every target alike.
    for (let t = 0; t < plan.targets.length; t += 1) {
      const { status, ms } = await send(plan.targets[t]);
      if (status >= 300) errors[t] += 1;
      if (i >= plan.warmup) samples[t].push(ms);
    }
  }
  return { samples, errors };
}

async function throughput(target = plan.target, bounds = plan) {
  let sent = 0;
  let done = 0;
  let errors = 0;
  const deadline = Date.now() + bounds.maxMs;
  const start = process.hrtime.bigint();
  const worker = async () => {
    while (sent < bounds.maxRequests && Date.now() < deadline) {
      sent += 1;
      const { status } = await send(target);
      done += 1;
      if (status >= 300) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { requests: done, errors, seconds, perSecond: done / seconds };
}

async function rounds() {
  for (const target of plan.targets) await throughput(target, { maxRequests: plan.warmup, maxMs: 10_000 });
  const phases = plan.targets.map(() => []);
  for (let round = 0; round < plan.rounds; round += 1) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const t of order) phases[t].push(await throughput(plan.targets[t], plan));
  }
  return { phases };
}

const modes = { latency, throughput: () => throughput(), rounds };
const result = await modes[plan.mode]();
process.stdout.write(`${JSON.stringify(result)}\n`);
agent.destroy();
