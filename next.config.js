// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WebAssembly modules load from node_modules at run time.
  // piscina starts its worker threads from its own files in node_modules.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/schema-engine-wasm", "pg", "@prisma/adapter-pg", "piscina"],
  // Tests and parallel builds may use their own output folder.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // scripts/test.sh type-checks the whole tree first; it skips the build's
  // second, identical pass.
  typescript: { ignoreBuildErrors: process.env.DEBRIEF_SKIP_BUILD_TYPECHECK === "1" },
  // The Markdown preview renders in a Web Worker (components/postmortem/preview.worker.ts),
  // which the browser build resolves with the "browser" condition: this
  // package's browser build decodes entities through `document`, which a
  // worker lacks. Its plain build (a lookup table) works everywhere.
  turbopack: {
    resolveAlias: { "decode-named-character-reference": "./node_modules/decode-named-character-reference/index.js" },
  },
  poweredByHeader: false,
  reactStrictMode: true,
  // Pages get their Content-Security-Policy (with a nonce) from proxy.ts.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), interest-cohort=()" },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
