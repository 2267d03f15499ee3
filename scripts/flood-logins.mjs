// Floods a running LiveTodo with registrations and then log-ins, and reports
// the server's memory (VmRSS / VmHWM from /proc) and the answers by status.
// Used to measure the password-hashing gate (docs/decisions.md, "Limits").
//
//   node scripts/flood-logins.mjs http://127.0.0.1:3000 <server pid> 200 1000 32
//
// Arguments: base URL, server PID, registrations, log-ins, concurrency.
// Half of the log-ins use a wrong password. Lift the auth rate limits
// (RATE_AUTH_PER_IP=off RATE_AUTH_PER_ACCOUNT=off, high LOGIN_FREE_FAILURES_*)
// to measure the hashing gate alone; keep them to see what a flood gets.
import fs from 'node:fs';
const [base, pid, nReg, nLogin, conc] = [process.argv[2], process.argv[3], +process.argv[4], +process.argv[5], +process.argv[6]];
let peak = 0;
const rss = () => { const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const g = k => +s.match(new RegExp(k + ':\\s+(\\d+)'))[1]; return { hwm: g('VmHWM'), rss: g('VmRSS') }; };
const sampler = setInterval(() => { peak = Math.max(peak, rss().rss); }, 50);
async function pool(n, f) { const by = {}; let i = 0;
  await Promise.all(Array.from({ length: conc }, async () => { while (i < n) { const k = i++; let st;
    try { st = (await f(k)).status; } catch (e) { st = 'ERR'; } by[st] = (by[st] || 0) + 1; } })); return by; }
const run = Date.now().toString(36);
const post = (p, b) => fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
const start = rss();
let t = Date.now();
const reg = await pool(nReg, k => post('/api/v1/auth/register', { username: `f${run}_${k}`, email: `f${run}_${k}@example.com`, password: 'correct horse battery' }));
const regMs = Date.now() - t; const afterReg = rss();
t = Date.now();
const login = await pool(nLogin, k => post('/api/v1/auth/login', { email: `f${run}_${k % nReg}@example.com`, password: k % 2 ? 'correct horse battery' : 'wrong password' }));
const loginMs = Date.now() - t;
clearInterval(sampler);
await new Promise(r => setTimeout(r, 5000));
const end = rss();
console.log(JSON.stringify({ startRssKB: start.rss, register: reg, regMs, afterRegRssKB: afterReg.rss, login, loginMs, peakRssKB: Math.max(peak, end.hwm), finalRssKB: end.rss, vmHWMKB: end.hwm }));
