// Benchmark (not a test): how long a change takes to reach another socket
// of the same user, against the release server. `npm run bench:latency`.
// Each sample runs from sending the API write until a second client (the
// official socket.io-client over WebSocket) receives its todo:created.
import { connectLive } from '../../docs/examples/live-client.mjs';
import { api, register, startServer } from './server.mjs';

const SAMPLES = Number(process.env.SAMPLES ?? 100);
const server = await startServer(Number(process.env.BENCH_PORT ?? 3240));
try {
  const { accessToken } = await register(server.url);
  let arrived;
  const { socket } = await connectLive(server.url, accessToken, (name, todo) => {
    if (name === 'todo:created') arrived?.(todo.title);
  });

  const samples = [];
  for (let i = 0; i < SAMPLES; i++) {
    const title = `sample ${i}`;
    const seen = new Promise((resolve) => {
      arrived = (t) => t === title && resolve();
    });
    const started = performance.now();
    await api(server.url, accessToken, 'POST', '/todos', { title });
    await seen;
    samples.push(performance.now() - started);
  }
  socket.close();

  samples.sort((a, b) => a - b);
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(2);
  console.log(`write → event on a second socket, ${SAMPLES} writes (release build):`);
  console.log(`  median ${at(0.5)} ms, p95 ${at(0.95)} ms, worst ${samples.at(-1).toFixed(2)} ms`);
} finally {
  server.stop();
}
