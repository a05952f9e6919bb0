// Types for scripts/db-schema.mjs.
export type Provider = "sqlite" | "postgresql";
export declare const root: string;
export declare const PROVIDERS: readonly Provider[];
export declare const LAYOUT: Record<Provider, { schemaPath: string; migrationsDir: string }>;
export declare function derivePostgresSchema(sqliteText: string): string;
export declare function schemaText(provider: Provider): Promise<string>;
export declare function writePostgresSchema(): Promise<string>;
export declare function providerOfUrl(url: string): Provider;
