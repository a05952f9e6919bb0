import { ZListAudit } from "@/lib/audit/schemas";

export type AuditSearchParams = Record<string, string | string[] | undefined>;
export type AuditQuery = { entity?: string; actor?: string; before?: string; beforeId?: string; limit: number };

export const AUDIT_PAGE_SIZE = 50;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The audit filters of a page URL. A value that does not parse is dropped
 * (the page shows everything) rather than turned into an error page.
 */
export function auditQueryFrom(params: AuditSearchParams): AuditQuery {
  const shape = ZListAudit.shape;
  const keep = <K extends "entity" | "actor" | "before" | "beforeId">(key: K): string | undefined => {
    const raw = first(params[key])?.trim();
    return raw && shape[key].safeParse(raw).success ? raw : undefined;
  };
  const before = keep("before");
  return {
    entity: keep("entity"),
    actor: keep("actor"),
    before,
    beforeId: before ? keep("beforeId") : undefined,
    limit: AUDIT_PAGE_SIZE,
  };
}

/** A URL of the same page with these filters (empty values left out). */
export function auditHref(basePath: string, query: Partial<AuditQuery>): string {
  const sp = new URLSearchParams();
  for (const key of ["entity", "actor", "before", "beforeId"] as const) {
    const value = query[key];
    if (value) sp.set(key, value);
  }
  const qs = sp.toString();
  return qs ? `${basePath}?${qs}` : basePath;
}
