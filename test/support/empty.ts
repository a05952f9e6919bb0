// Stand-in for the "server-only" marker package under Vitest (Node, not React Server).
export {};
