// Types for scripts/build-workers.mjs (plain ESM so that `npm run build` needs no compiler).
export declare const WORKER_BUNDLE: string;
export declare function buildWorkers(root?: string): Promise<string>;
export declare function ensureWorkers(root?: string): Promise<string>;
