// Types for scripts/db.mjs (plain ESM so that `npm start` needs no compiler).
export declare const DEFAULT_DATABASE_URL: string;
export declare function sqliteFilePath(url: string): string;
export declare function migrate(url?: string): Promise<string[]>;
export declare function pendingSchemaSql(provider?: "sqlite" | "postgresql", pgServerUrl?: string): Promise<string>;
