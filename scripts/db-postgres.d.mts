// Types for scripts/db-postgres.mjs.
export declare function createScratchDatabase(serverUrl: string, prefix?: string): Promise<{ url: string; drop(): Promise<void> }>;
export declare function withPostgresServer<T>(fn: (serverUrl: string) => Promise<T>): Promise<T>;
export declare function withMigrationLock<T>(url: string, fn: () => Promise<T>): Promise<T>;
/** Throws a DatabaseCheckError (one line) unless PostgreSQL answers, accepts the credentials and takes writes. */
export declare function checkPostgresDatabase(url: string): Promise<void>;
/** host:port/database of a URL, without user or password. */
export declare function describePostgresUrl(url: string): string;
