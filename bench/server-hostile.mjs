// Benchmark: jobs-server under hostile clients, two builds side by side in one run (before and
// after issue 24), printing memory and timing figures:
//
// - /health latency while 1,100 silent connections are open, the server's file limit 1,024;
// - the server's memory (VmRSS) before, while and after 40 connections declare 32 MiB bodies,
//   send 30 MiB of them and stall (and how many of them were answered 503);
// - 300 connections that send only headers declaring 32 MiB, under `ulimit -v 4000000`: does the
//   server live, and with how much memory;
// - SIGTERM with one client stopped at `GET /hea`: how long until the process exits, and until a
//   restart on the same database answers.
//
//   cargo build -p jobs-server          # (and the other build, e.g. from a worktree of main)
//   bash -c 'ulimit -n 8192; node bench/server-hostile.mjs BEFORE_BINARY AFTER_BINARY'
//
// The client opens more than 1,100 sockets: its own file limit must allow that (hence ulimit).
import { spawn } from "node:child_process";
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const binaries = process.argv.slice(2);
if (binaries.length === 0) {
  console.error("usage: node bench/server-hostile.mjs BINARY [BINARY…]");
  process.exit(2);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const MiB = 1024 * 1024;

let nextPort = 20000 + Math.floor(Math.random() * 20000);

/** Starts `binary` through bash (so `ulimit` applies), waits for /health. */
async function start(binary, db, ulimit = "", args = []) {
  const port = nextPort++;
  const child = spawn("bash", ["-c", `${ulimit}\nexec "$0" "$@"`, binary, "--addr", `127.0.0.1:${port}`, "--db", db, ...args], {
    stdio: ["ignore", "ignore", "ignore"],
    env: { ...process.env, RUST_LOG: "error" },
  });
  const exited = new Promise((r) => child.on("exit", () => r(performance.now())));
  const server = { child, port, exited, alive: () => child.exitCode === null && child.signalCode === null };
  for (let i = 0; i < 300; i++) {
    if ((await health(port, 1000)) !== null) return server;
    if (!server.alive()) throw new Error(`${binary} exited at start`);
    await sleep(50);
  }
  throw new Error(`${binary} did not answer /health`);
}

/** Milliseconds a GET /health on a new connection took, or null without an answer in `timeout`. */
function health(port, timeout) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const socket = net.connect(port, "127.0.0.1");
    const timer = setTimeout(() => (socket.destroy(), resolve(null)), timeout);
    socket.on("error", () => (clearTimeout(timer), resolve(null)));
    socket.on("connect", () => socket.write(`GET /health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`));
    socket.once("data", (d) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(d.toString().startsWith("HTTP/1.1 200") ? performance.now() - t0 : null);
    });
  });
}

function rssMiB(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
    return Math.round(Number(line.split(/\s+/)[1]) / 1024);
  } catch {
    return NaN;
  }
}

function open(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.on("error", () => {});
    socket.on("connect", () => resolve(socket));
    socket.on("close", () => resolve(socket));
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function silentConnections(binary, dir) {
  const server = await start(binary, join(dir, "silent.db"), "ulimit -n 1024");
  const sockets = [];
  for (let i = 0; i < 1100; i++) sockets.push(await open(server.port));
  await sleep(500);
  const times = [];
  for (let i = 0; i < 5; i++) times.push(await health(server.port, 10_000));
  sockets.forEach((s) => s.destroy());
  server.child.kill("SIGKILL");
  const answered = times.filter((t) => t !== null);
  return answered.length === 0
    ? "no answer in 10 s"
    : `${answered.length}/5 answered, median ${median(answered).toFixed(1)} ms`;
}

async function stalledBodies(binary, dir) {
  const server = await start(binary, join(dir, "stalled.db"));
  const pid = server.child.pid;
  const before = rssMiB(pid);
  const chunk = Buffer.alloc(MiB, 0x20);
  let refused = 0;
  const sockets = await Promise.all(
    Array.from({ length: 40 }, async () => {
      const socket = await open(server.port);
      socket.on("data", (d) => d.toString().startsWith("HTTP/1.1 503") && refused++);
      socket.write(`POST /jobs HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\nContent-Length: ${32 * MiB}\r\n\r\n`);
      for (let i = 0; i < 30 && !socket.destroyed; i++) {
        if (!socket.write(chunk)) await Promise.race([new Promise((r) => socket.once("drain", r)), sleep(3000)]);
      }
      return socket;
    }),
  );
  await sleep(1500);
  const holding = rssMiB(pid);
  sockets.forEach((s) => s.destroy());
  await sleep(2000);
  const after = rssMiB(pid);
  server.child.kill("SIGKILL");
  return `RSS ${before} / ${holding} / ${after} MiB (before / holding / after dropping); ${refused} of 40 got 503`;
}

async function declarations(binary, dir) {
  const server = await start(binary, join(dir, "declared.db"), "ulimit -v 4000000");
  const sockets = [];
  for (let i = 0; i < 300; i++) {
    const socket = await open(server.port);
    socket.write(`POST /jobs HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\nContent-Length: ${32 * MiB}\r\n\r\n{`);
    sockets.push(socket);
  }
  await sleep(2000);
  const alive = server.alive() && (await health(server.port, 5000)) !== null;
  const rss = rssMiB(server.child.pid);
  sockets.forEach((s) => s.destroy());
  server.child.kill("SIGKILL");
  return alive ? `alive, RSS ${rss} MiB` : "the server died (aborted)";
}

async function sigterm(binary, dir) {
  const db = join(dir, "term.db");
  const server = await start(binary, db);
  const stuck = await open(server.port);
  stuck.write("GET /hea");
  await sleep(200);
  const t0 = performance.now();
  server.child.kill("SIGTERM");
  const exited = await Promise.race([server.exited, sleep(30_000).then(() => null)]);
  let text = exited === null ? "still running 30 s after SIGTERM" : `exits after ${((exited - t0) / 1000).toFixed(2)} s`;
  const r0 = performance.now();
  try {
    const again = await start(binary, db);
    text += `; restart answers after ${((performance.now() - r0) / 1000).toFixed(2)} s`;
    again.child.kill("SIGKILL");
  } catch {
    text += "; a restart fails (the database is still held)";
  }
  stuck.destroy();
  server.child.kill("SIGKILL");
  return text;
}

const scenarios = [
  ["/health with 1,100 silent connections, file limit 1,024", silentConnections],
  ["40 stalled bodies (32 MiB declared, 30 MiB sent)", stalledBodies],
  ["300 header-only 32 MiB declarations, ulimit -v 4000000", declarations],
  ["SIGTERM with a client stopped at GET /hea", sigterm],
];
for (const [title, run] of scenarios) {
  console.log(`\n${title}`);
  for (const binary of binaries) {
    const dir = mkdtempSync(join(tmpdir(), "server-hostile-"));
    try {
      console.log(`  ${binary}: ${await run(binary, dir)}`);
    } catch (e) {
      console.log(`  ${binary}: failed (${e.message})`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
process.exit(0);
