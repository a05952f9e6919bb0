import YAML from "yaml";
import { z } from "zod";
import type { PostmortemDocument } from "../document";
import { canonicalLine } from "../text";
import { isInstantInRange } from "../../validation";

/** The incident's metadata as YAML front matter, keys in a fixed order. */
export function frontMatterYaml(doc: PostmortemDocument): string {
  const { incident } = doc;
  const data: Record<string, unknown> = {};
  if (incident.key) data.incident = incident.key;
  data.title = canonicalLine(incident.title);
  data.severity = incident.severity;
  data.status = incident.postmortemStatus;
  for (const k of ["startedAt", "detectedAt", "mitigatedAt", "resolvedAt"] as const) {
    const value = incident[k];
    if (value) data[k] = value.toISOString();
  }
  const services = incident.services.map(canonicalLine).filter(Boolean);
  if (services.length) data.services = services;
  const authors = doc.authors.map(canonicalLine).filter(Boolean);
  if (authors.length) data.authors = authors;
  return YAML.stringify(data, { lineWidth: 0 }).replace(/\n+$/, "");
}

const zScalarText = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));
const zTextList = z
  .union([z.array(zScalarText), zScalarText.transform((v) => v.split(","))])
  .transform((list) => list.map((s) => canonicalLine(s)).filter(Boolean));
const zWhen = z.union([z.string(), z.date()]).transform((v, ctx) => {
  const d = v instanceof Date ? v : new Date(v.trim());
  if (!isInstantInRange(d)) {
    ctx.addIssue({ code: "custom", message: "must be a date such as 2026-03-03 or 2026-03-03T09:12:00Z, between 1970 and 100 years from now" });
    return z.NEVER;
  }
  return d;
});

/** Front matter as others write it: unknown keys are ignored, known ones checked. */
const ZFrontMatter = z.looseObject({
  // Another tool's id is not ours to keep: only INC-<n> is read.
  incident: zScalarText
    .transform((v) => (/^INC-[1-9]\d{0,8}$/.test(v.trim()) ? v.trim() : null))
    .optional(),
  title: zScalarText.optional(),
  severity: zScalarText.optional(),
  status: zScalarText.optional(),
  startedAt: zWhen.optional(),
  date: zWhen.optional(),
  detectedAt: zWhen.optional(),
  mitigatedAt: zWhen.optional(),
  resolvedAt: zWhen.optional(),
  services: zTextList.optional(),
  authors: zTextList.optional(),
});
export type FrontMatter = z.output<typeof ZFrontMatter>;

export type FrontMatterResult = { ok: true; value: FrontMatter } | { ok: false; message: string; path: string };

export function readFrontMatter(yaml: string): FrontMatterResult {
  let raw: unknown;
  try {
    raw = YAML.parse(yaml, { maxAliasCount: 50, prettyErrors: false });
  } catch (err) {
    return { ok: false, path: "frontMatter", message: `front matter is not valid YAML (${err instanceof Error ? err.message.split("\n")[0] : "unreadable"})` };
  }
  if (raw === null || raw === undefined) return { ok: true, value: {} };
  const parsed = ZFrontMatter.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ["frontMatter", ...(issue?.path ?? []).map(String)].join(".");
    return { ok: false, path, message: `${path}: ${issue?.message ?? "is not valid"}` };
  }
  return { ok: true, value: parsed.data };
}
