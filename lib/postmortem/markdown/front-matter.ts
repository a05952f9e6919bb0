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
  timezone: zScalarText.optional(),
  timeZone: zScalarText.optional(),
});
export type FrontMatter = z.output<typeof ZFrontMatter>;

export type FrontMatterResult = { ok: true; value: FrontMatter } | { ok: false; message: string; path: string };

/** Front matter read from either syntax, checked against ZFrontMatter; the first problem names its key. */
function checked(raw: unknown): FrontMatterResult {
  const parsed = ZFrontMatter.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ["frontMatter", ...(issue?.path ?? []).map(String)].join(".");
    return { ok: false, path, message: `${path}: ${issue?.message ?? "is not valid"}` };
  }
  return { ok: true, value: parsed.data };
}

export function readFrontMatter(yaml: string): FrontMatterResult {
  let raw: unknown;
  try {
    raw = YAML.parse(yaml, { maxAliasCount: 50, prettyErrors: false });
  } catch (err) {
    return { ok: false, path: "frontMatter", message: `front matter is not valid YAML (${err instanceof Error ? err.message.split("\n")[0] : "unreadable"})` };
  }
  if (raw === null || raw === undefined) return { ok: true, value: {} };
  return checked(raw);
}

/**
 * TOML front matter (`+++`), as static-site blogs write it. No TOML parser
 * is installed, and only a few top-level keys matter here (title, date,
 * severity, authors), so those are read by hand: `key = "string"`,
 * `key = 'literal'`, `key = 2026-03-03`, `key = ["a", "b"]`; tables
 * (`[extra]`) and everything else are ignored.
 */
export function readTomlFrontMatter(toml: string): FrontMatterResult {
  const raw: Record<string, unknown> = {};
  for (const line of toml.split("\n")) {
    if (/^\s*\[/.test(line)) break;
    const m = /^\s*([A-Za-z_][\w-]*)\s*=\s*(.+?)\s*$/.exec(line);
    if (!m?.[1] || m[2] === undefined) continue;
    const value = tomlValue(m[2]);
    if (value !== undefined) raw[m[1]] = value;
  }
  return checked(raw);
}

function tomlString(s: string): string | undefined {
  const basic = /^"((?:[^"\\]|\\.)*)"$/.exec(s);
  if (basic?.[1] !== undefined) {
    return basic[1].replace(/\\(u[0-9a-fA-F]{4}|["\\nt])/g, (_, e: string) =>
      e === "n" ? "\n" : e === "t" ? "\t" : e.startsWith("u") ? String.fromCharCode(parseInt(e.slice(1), 16)) : e,
    );
  }
  const literal = /^'([^']*)'$/.exec(s);
  return literal?.[1];
}

function tomlValue(s: string): unknown {
  const withoutComment = s.replace(/\s+#.*$/, "");
  const str = tomlString(withoutComment);
  if (str !== undefined) return str;
  if (/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?$/.test(withoutComment)) return withoutComment;
  const array = /^\[(.*)\]$/.exec(withoutComment);
  if (array?.[1] !== undefined) {
    const items = array[1].split(",").map((x) => tomlString(x.trim())).filter((x): x is string => x !== undefined);
    return items;
  }
  return undefined;
}
