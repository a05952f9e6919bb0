// Types for scripts/search-tables.mjs.
export declare const SEARCH_TABLES: readonly string[];
export declare const SEARCH_TABLES_POSTGRESQL: readonly string[];
export declare function searchExternalTables(provider: "sqlite" | "postgresql"): readonly string[];
