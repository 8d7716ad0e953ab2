/**
 * A TCP delay proxy for the location end-to-end test: emulates geography on loopback.
 * Usage: node delay-proxy.mjs '[{"target":"127.0.0.1:4000","oneWayMs":3.46}, …]'
 * Each entry gets its own listening port on 127.0.0.1; every chunk is forwarded after oneWayMs in
 * each direction (so the round trip grows by 2 × oneWayMs), in order. Timers never fire early, and
 * the delay is rounded up to whole ms, so an emulated RTT is never below the one asked for.
 * Prints {"ports":[…]} on stdout once listening; exits on SIGTERM.
 */
import { connect, createServer } from 'node:net';

const routes = JSON.parse(process.argv[2] ?? '[]');

function pipeDelayed(from, to, delayMs) {
  const queue = [];
  let timer = null;
  const flush = () => {
    timer = null;
    const now = performance.now();
    while (queue.length > 0 && queue[0].due <= now) to.write(queue.shift().chunk);
    if (queue.length > 0) timer = setTimeout(flush, Math.max(0, Math.ceil(queue[0].due - now)));
  };
  from.on('data', (chunk) => {
    queue.push({ chunk, due: performance.now() + delayMs });
    if (!timer) timer = setTimeout(flush, Math.ceil(delayMs));
  });
  from.on('close', () => setTimeout(() => to.destroy(), Math.ceil(delayMs) + 1));
  from.on('error', () => to.destroy());
}

const servers = routes.map(
  (r) =>
    new Promise((resolve) => {
      const [host, port] = r.target.split(':');
      const server = createServer((client) => {
        client.setNoDelay(true);
        const upstream = connect({ host, port: Number(port), noDelay: true });
        pipeDelayed(client, upstream, r.oneWayMs);
        pipeDelayed(upstream, client, r.oneWayMs);
      });
      server.listen(0, '127.0.0.1', () => resolve(server.address().port));
    }),
);

const ports = await Promise.all(servers);
process.stdout.write(`${JSON.stringify({ ports })}\n`);
process.on('SIGTERM', () => process.exit(0));
