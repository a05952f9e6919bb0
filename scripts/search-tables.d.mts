// Types for scripts/search-tables.mjs.
export declare const SEARCH_TABLES: readonly string[];
