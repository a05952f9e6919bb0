// Stand-in for the "server-only" marker where no React Server bundler runs:
// Vitest and the custom server (server.ts). Next.js builds use the real one.
export {};
