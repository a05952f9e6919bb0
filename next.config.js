// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and WebAssembly modules load from node_modules at run time.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/schema-engine-wasm"],
  // Tests and parallel builds may use their own output folder.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // scripts/test.sh type-checks the whole tree first; it skips the build's
  // second, identical pass.
  typescript: { ignoreBuildErrors: process.env.DEBRIEF_SKIP_BUILD_TYPECHECK === "1" },
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = nextConfig;
