import { defineConfig } from "prisma/config";

// Used by `prisma generate` only. Migrations run through scripts/db.mjs
// (the WebAssembly schema engine), because the native engine cannot be
// downloaded where Debrief is often built.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
