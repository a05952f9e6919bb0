import { buildWorkers } from "../../scripts/build-workers.mjs";

/** Vitest global set-up: the Markdown worker bundle, fresh from this tree's source (lib/workers/pool.ts). */
export default async function setup(): Promise<void> {
  await buildWorkers();
}
