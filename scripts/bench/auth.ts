// A real user's sign-in while anonymous clients flood the password
// endpoints, beside the same sign-in on an idle server in the same run.
//
// The server trusts X-Forwarded-For (DEBRIEF_TRUST_PROXY=1), so every
// flood request can come from an address of its own: the per-address
// sign-in rate limit then never stops it, as with a flood from many hosts.
// The real user also rotates addresses, to stay under that limit itself.
import http from "node:http";
import { rmSync } from "node:fs";
import { startTestServer, type TestServer } from "../../test/support/server";
import { createTempDatabase } from "../../test/support/temp-db";
import { fmt, heading, summarize } from "./stats";

const FLOOD_IN_FLIGHT = 32;
const SIGN_INS = 12;
const agent = new http.Agent({ keepAlive: true, maxSockets: FLOOD_IN_FLIGHT + 4 });

let addressSeq = 0;
/** A fresh documentation-range address (198.18.0.0/15) per call. */
function nextAddress(): string {
  addressSeq++;
  return `198.${18 + ((addressSeq >> 16) & 1)}.${(addressSeq >> 8) & 255}.${addressSeq & 255}`;
}

function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), ...headers } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", () => resolve(0));
    req.end(payload);
  });
}

async function realSignIns(server: TestServer): Promise<number[]> {
  const { email, password } = server.users.admin;
  const samples: number[] = [];
  for (let i = 0; i < SIGN_INS; i++) {
    const t0 = performance.now();
    const status = await postJson(`${server.url}/api/auth/sign-in/email`, { email, password }, { origin: server.url, "x-forwarded-for": nextAddress() });
    samples.push(performance.now() - t0);
    if (status !== 200) throw new Error(`the real user's sign-in answered ${status}`);
  }
  return samples;
}

type Flood = { name: string; request: (server: TestServer, n: number) => Promise<number> };

const FLOODS: Flood[] = [
  {
    name: "setup (instance already set up), each from its own address",
    request: (s, n) => postJson(`${s.url}/api/v1/setup`, { email: `x${n}@flood.test`, name: "Flood", password: `flood password ${n}` }, { "x-forwarded-for": nextAddress() }),
  },
  {
    name: "sign-in, unknown emails, each from its own address",
    request: (s, n) => postJson(`${s.url}/api/auth/sign-in/email`, { email: `nobody${n}@flood.test`, password: `wrong password ${n}` }, { origin: s.url, "x-forwarded-for": nextAddress() }),
  },
  {
    name: "sign-in, wrong passwords for another account, each from its own address",
    request: (s, n) => postJson(`${s.url}/api/auth/sign-in/email`, { email: s.users.viewer.email, password: `wrong password ${n}` }, { origin: s.url, "x-forwarded-for": nextAddress() }),
  },
  {
    name: "sign-in, unknown emails and wrong passwords for another account, mixed",
    request: (s, n) =>
      postJson(`${s.url}/api/auth/sign-in/email`, { email: n % 2 ? s.users.viewer.email : `nobody${n}@flood.test`, password: `wrong password ${n}` }, { origin: s.url, "x-forwarded-for": nextAddress() }),
  },
  {
    name: "sign-in, unknown emails, all from one address",
    request: (s, n) => postJson(`${s.url}/api/auth/sign-in/email`, { email: `nobody${n}@flood.test`, password: `wrong password ${n}` }, { origin: s.url, "x-forwarded-for": "203.0.113.99" }),
  },
];

/** Keep FLOOD_IN_FLIGHT requests of `flood` going while `work` runs. */
async function underFlood<T>(server: TestServer, flood: Flood, work: () => Promise<T>): Promise<{ result: T; statuses: Map<number, number> }> {
  let stop = false;
  let sent = 0;
  const statuses = new Map<number, number>();
  const workers = Array.from({ length: FLOOD_IN_FLIGHT }, async () => {
    while (!stop) {
      const status = await flood.request(server, sent++);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  });
  // Let the flood build up its queue first.
  await new Promise((r) => setTimeout(r, 1500));
  try {
    return { result: await work(), statuses };
  } finally {
    stop = true;
    await Promise.all(workers);
  }
}

export async function benchAuth(): Promise<void> {
  heading("A real user's sign-in during an anonymous flood of password requests");
  const { url: databaseUrl, dir } = await createTempDatabase();
  const server = await startTestServer({ databaseUrl, env: { DEBRIEF_TRUST_PROXY: "1" } });
  try {
    await realSignIns(server); // warm-up
    const idle = summarize(await realSignIns(server));
    console.log(`flood: ${FLOOD_IN_FLIGHT} requests in flight; the real user signs in ${SIGN_INS} times, one after another`);
    console.log(`idle server (baseline):  p50 ${fmt(idle.p50)} ms   p95 ${fmt(idle.p95)} ms`);
    for (const flood of FLOODS) {
      const { result, statuses } = await underFlood(server, flood, () => realSignIns(server));
      const s = summarize(result);
      const mix = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(" ");
      console.log(`${flood.name}:`);
      console.log(`    p50 ${fmt(s.p50)} ms   p95 ${fmt(s.p95)} ms   (${fmt(s.p50 / idle.p50)}× idle p50)   flood answers: ${mix}`);
      // Let the queue drain before the next scenario.
      await new Promise((r) => setTimeout(r, 2000));
    }
    console.log("target: during each flood, the real user's sign-in p50 at most 2× its idle p50");
  } finally {
    agent.destroy();
    await server.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}
