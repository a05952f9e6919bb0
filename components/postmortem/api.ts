/**
 * The postmortem endpoints as the browser sees them. Answers are outside
 * data, so they are checked with zod before use.
 */
import { z } from "zod";
import { zIncidentJson, type IncidentJson } from "@/lib/api-client";
import { FACTOR_CATEGORIES, SECTION_KEYS, type SectionKey } from "@/lib/postmortem/document";
import type { PostmortemDto } from "@/lib/postmortem/dto";

const zSections = z.object(
  Object.fromEntries(SECTION_KEYS.map((k) => [k, z.string()])) as Record<SectionKey, z.ZodString>,
);

export const zPostmortemJson = z.object({
  id: z.string(),
  incidentId: z.string(),
  version: z.number().int(),
  updatedAt: z.string(),
  postmortemStatus: z.string(),
  sections: zSections,
  extraSections: z.array(z.object({ title: z.string(), body: z.string() })),
  authors: z.array(z.string()),
  impactedServices: z.array(z.object({ id: z.string(), service: z.string(), impact: z.string() })),
  contributingFactors: z.array(
    z.object({ id: z.string(), title: z.string(), description: z.string(), category: z.enum(FACTOR_CATEGORIES) }),
  ),
});
export type PostmortemJson = z.infer<typeof zPostmortemJson>;

export function postmortemToJson(dto: PostmortemDto): PostmortemJson {
  return { ...dto, updatedAt: dto.updatedAt.toISOString() };
}

/** What the editor sends: everything it edits, with the version it started from. */
export type PostmortemDraft = {
  sections: PostmortemJson["sections"];
  impactedServices: { service: string; impact: string }[];
  contributingFactors: { title: string; description: string; category: (typeof FACTOR_CATEGORIES)[number] }[];
  extraSections: { title: string; body: string }[];
  authors: string[];
};

export function draftOf(pm: PostmortemJson): PostmortemDraft {
  return {
    sections: { ...pm.sections },
    impactedServices: pm.impactedServices.map(({ service, impact }) => ({ service, impact })),
    contributingFactors: pm.contributingFactors.map(({ title, description, category }) => ({ title, description, category })),
    extraSections: pm.extraSections.map((e) => ({ ...e })),
    authors: [...pm.authors],
  };
}

const zError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).default([]),
    current: z.unknown().optional(),
  }),
});

export type Answer<T> =
  | { ok: true; data: T }
  | { ok: false; status: number; message: string; issues: { path: string; message: string }[]; current?: unknown };

async function send<T>(method: string, url: string, schema: z.ZodType<T>, body?: string, type = "application/json"): Promise<Answer<T>> {
  let res: Response;
  try {
    res = await fetch(url, { method, body, headers: body === undefined ? {} : { "content-type": type }, cache: "no-store" });
  } catch {
    return { ok: false, status: 0, message: "Cannot reach the server", issues: [] };
  }
  const json: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = zError.safeParse(json);
    if (err.success) return { ok: false, status: res.status, ...err.data.error };
    return { ok: false, status: res.status, message: `The server answered HTTP ${res.status}`, issues: [] };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, status: res.status, message: "The server sent an answer this page does not understand", issues: [] };
  return { ok: true, data: parsed.data };
}

export const zImportPreviewJson = z.object({
  incident: z.object({
    title: z.string(),
    titleSource: z.string(),
    severity: z.enum(["SEV1", "SEV2", "SEV3", "SEV4"]),
    severitySource: z.string(),
    severityPhrase: z.string().nullable(),
    date: z.string().nullable(),
    startedAt: z.string().nullable(),
    detectedAt: z.string().nullable(),
    mitigatedAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    services: z.array(z.string()),
  }),
  timeline: z.array(
    z.object({
      written: z.string(),
      occurredAt: z.string(),
      endedAt: z.string().nullable(),
      zone: z.string(),
      milestone: z.string().nullable(),
      statusLabel: z.string(),
      body: z.string(),
    }),
  ),
  timelineTotal: z.number().int(),
  sections: z.array(z.object({ title: z.string(), level: z.number().int(), keptAs: z.string() })),
  sectionsTotal: z.number().int(),
  followUps: z.array(z.object({ title: z.string(), owner: z.string().nullable(), status: z.string(), type: z.string(), dueDate: z.string().nullable() })),
  followUpsTotal: z.number().int(),
  impactedServices: z.array(z.object({ service: z.string(), impact: z.string() })),
  contributingFactors: z.number().int(),
  warnings: z.array(z.string()),
});
export type ImportPreviewJson = z.infer<typeof zImportPreviewJson>;

/** What the person importing decided instead of the document. */
export type ImportChoices = { title?: string; severity?: string; date?: string };

function importUrl(choices: ImportChoices, dryRun: boolean): string {
  const query = new URLSearchParams();
  if (dryRun) query.set("dryRun", "1");
  for (const [key, value] of Object.entries(choices)) if (value) query.set(key, value);
  const q = query.toString();
  return `/api/v1/import/markdown${q ? `?${q}` : ""}`;
}

const base = (incidentId: string) => `/api/v1/incidents/${encodeURIComponent(incidentId)}`;

export const postmortemApi = {
  save: (incidentId: string, version: number, draft: PostmortemDraft) =>
    send("PUT", `${base(incidentId)}/postmortem`, zPostmortemJson, JSON.stringify({ version, ...draft })),
  setStatus: (incidentId: string, status: string): Promise<Answer<IncidentJson>> =>
    send("PUT", `${base(incidentId)}/postmortem/status`, zIncidentJson, JSON.stringify({ status })),
  exportUrl: (incidentId: string, template: "cloudflare" | "sre", frontMatter: boolean) =>
    `${base(incidentId)}/postmortem.md?template=${template}${frontMatter ? "" : "&frontMatter=false"}`,
  previewImport: (text: string, choices: ImportChoices = {}) =>
    send("POST", importUrl(choices, true), zImportPreviewJson, text, "text/markdown; charset=utf-8"),
  importMarkdown: (text: string, choices: ImportChoices = {}) => send("POST", importUrl(choices, false), zIncidentJson, text, "text/markdown; charset=utf-8"),
};
