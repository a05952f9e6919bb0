/** The postmortem and import endpoints as the browser calls them (one request function: lib/api-client.ts). */
import { apiRequest, queryString } from "@/lib/api-client";
import { zIncidentJson } from "@/lib/incidents/wire";
import { FACTOR_CATEGORIES } from "@/lib/postmortem/document";
import { zImportPreviewJson, zPostmortemJson, type PostmortemJson } from "@/lib/postmortem/wire";

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

/** What the person importing decided instead of the document. */
export type ImportChoices = { title?: string; severity?: string; date?: string };

const importUrl = (choices: ImportChoices, dryRun: boolean) => `/api/v1/import/markdown${queryString({ dryRun: dryRun ? "1" : undefined, ...choices })}`;
const MARKDOWN = "text/markdown; charset=utf-8";

const base = (incidentId: string) => `/api/v1/incidents/${encodeURIComponent(incidentId)}`;

export const postmortemApi = {
  save: (incidentId: string, version: number, draft: PostmortemDraft) =>
    apiRequest("PUT", `${base(incidentId)}/postmortem`, zPostmortemJson, { body: { version, ...draft } }),
  setStatus: (incidentId: string, status: string) => apiRequest("PUT", `${base(incidentId)}/postmortem/status`, zIncidentJson, { body: { status } }),
  exportUrl: (incidentId: string, template: "cloudflare" | "sre", frontMatter: boolean) =>
    `${base(incidentId)}/postmortem.md?template=${template}${frontMatter ? "" : "&frontMatter=false"}`,
  previewImport: (text: string, choices: ImportChoices = {}) =>
    apiRequest("POST", importUrl(choices, true), zImportPreviewJson, { body: text, contentType: MARKDOWN }),
  importMarkdown: (text: string, choices: ImportChoices = {}) =>
    apiRequest("POST", importUrl(choices, false), zIncidentJson, { body: text, contentType: MARKDOWN }),
};
