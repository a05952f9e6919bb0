// Types for scripts/pg-temp.mjs.
export declare function hasPostgresBinaries(): boolean;
export declare function startTempPostgres(opts?: { durable?: boolean }): Promise<{
  url: string;
  dataDir: string;
  stop(): void;
  pause(): void;
  resume(): void;
}>;
