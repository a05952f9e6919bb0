import { afterEach, describe, expect, it } from "vitest";
import { isHttpsRequest, isLocalRequest, isLoopbackHost, requestHost } from "@/lib/auth/request-origin";

// What a request may claim about itself: proxy headers count only with
// DEBRIEF_TRUST_PROXY=1; "local" needs a loopback peer, a loopback Host and
// no sign of a proxy.

const env = { ...process.env };
afterEach(() => {
  process.env = { ...env };
});

const h = (headers: Record<string, string>) => new Headers(headers);

describe("request origin", () => {
  it("ignores X-Forwarded-Host and X-Forwarded-Proto unless the proxy is trusted", () => {
    delete process.env.DEBRIEF_TRUST_PROXY;
    delete process.env.BETTER_AUTH_URL;
    delete process.env.DEBRIEF_PUBLIC_URL;
    const headers = h({ host: "debrief.internal:3000", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
    expect(requestHost(headers)).toBe("debrief.internal:3000");
    expect(isHttpsRequest(headers)).toBe(false);
    process.env.DEBRIEF_TRUST_PROXY = "1";
    expect(requestHost(headers)).toBe("evil.example");
    expect(isHttpsRequest(headers)).toBe(true);
    expect(isHttpsRequest(h({ host: "a", "x-forwarded-proto": "http" }))).toBe(false);
  });

  it("treats every request as https when the configured public URL is https", () => {
    delete process.env.DEBRIEF_TRUST_PROXY;
    process.env.BETTER_AUTH_URL = "https://debrief.example";
    expect(isHttpsRequest(h({ host: "10.0.0.5:3000" }))).toBe(true);
    delete process.env.BETTER_AUTH_URL;
    process.env.DEBRIEF_PUBLIC_URL = "https://debrief.example";
    expect(isHttpsRequest(h({ host: "10.0.0.5:3000" }))).toBe(true);
    process.env.DEBRIEF_PUBLIC_URL = "http://debrief.internal:3000";
    expect(isHttpsRequest(h({ host: "debrief.internal:3000" }))).toBe(false);
  });

  it("knows loopback names and addresses", () => {
    for (const host of ["localhost", "localhost:3000", "app.localhost:80", "127.0.0.1:3000", "127.1.2.3", "[::1]:3000"]) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ["debrief.test:3000", "10.0.0.5", "192.168.1.2:3000", "localhost.evil.example", "127.0.0.1.nip.io", "[::2]", "a b", ""]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it("calls a request local only from a loopback peer, to a loopback Host, without proxy headers", () => {
    expect(isLocalRequest(h({ host: "127.0.0.1:3000", "x-forwarded-for": "127.0.0.1" }))).toBe(true);
    expect(isLocalRequest(h({ host: "localhost:3000", "x-forwarded-for": "::1" }))).toBe(true);
    expect(isLocalRequest(h({ host: "localhost:3000", "x-forwarded-for": "::ffff:127.0.0.1" }))).toBe(true);
    // A stranger who writes Host: localhost.
    expect(isLocalRequest(h({ host: "localhost:3000", "x-forwarded-for": "192.0.2.7" }))).toBe(false);
    // The right peer, another name (someone on the LAN through a port forward, or a browser at http://debrief.test).
    expect(isLocalRequest(h({ host: "debrief.test:3000", "x-forwarded-for": "127.0.0.1" }))).toBe(false);
    // A proxy on the same machine.
    const proxies: Record<string, string>[] = [{ forwarded: "for=192.0.2.7" }, { "x-real-ip": "192.0.2.7" }, { via: "1.1 nginx" }, { "x-forwarded-host": "debrief.example" }];
    for (const proxy of proxies) {
      expect(isLocalRequest(h({ host: "127.0.0.1:3000", "x-forwarded-for": "127.0.0.1", ...proxy })), JSON.stringify(proxy)).toBe(false);
    }
    expect(isLocalRequest(h({ host: "127.0.0.1:3000" }))).toBe(false); // no known peer
  });
});
