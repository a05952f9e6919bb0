// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WebAssembly modules load from node_modules at run time.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg", "@prisma/schema-engine-wasm"],
  // Tests and parallel builds may use their own output folder.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // scripts/test.sh type-checks the whole tree first; it skips the build's
  // second, identical pass.
  typescript: { ignoreBuildErrors: process.env.DEBRIEF_SKIP_BUILD_TYPECHECK === "1" },
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
