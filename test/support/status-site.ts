import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { HtmlValidate } from "html-validate";

/** Every file of a written status site: relative path → text. */
export function readSite(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (sub: string) => {
    for (const name of readdirSync(path.join(dir, sub))) {
      const rel = sub ? `${sub}/${name}` : name;
      if (statSync(path.join(dir, rel)).isDirectory()) walk(rel);
      else files.set(rel, readFileSync(path.join(dir, rel), "utf8"));
    }
  };
  walk("");
  return files;
}

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" };

/** Undo one level of character references (the feed's escaped HTML content). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, ref: string) => {
    if (ref.startsWith("#x") || ref.startsWith("#X")) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith("#")) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return ENTITIES[ref.toLowerCase()] ?? all;
  });
}

// Every attribute through which a page could load or link to something.
const URL_ATTRIBUTES = /\s(src|href|srcset|action|formaction|poster|cite|data|background|longdesc|xlink:href|manifest|ping|content)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const TAG = /<[a-zA-Z][^<>]*>/g;

function urlsInMarkup(file: string, markup: string, allowed: string[], found: string[]): void {
  for (const tag of markup.match(TAG) ?? []) {
    for (const m of tag.matchAll(URL_ATTRIBUTES)) {
      const name = (m[1] ?? "").toLowerCase();
      const value = decodeEntities(m[3] ?? m[4] ?? m[5] ?? "").trim();
      if (name === "content" && !/^\s*\d+\s*;\s*url=/i.test(value)) continue; // only <meta http-equiv=refresh> carries a URL
      if (allowed.includes(value)) continue;
      if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith("//") || /url=/i.test(value)) found.push(`${file}: ${name}=${value}`);
    }
  }
  if (/url\s*\(|@import/i.test(markup.match(/<style[^>]*>[\s\S]*?<\/style>/gi)?.join("") ?? "")) found.push(`${file}: CSS url() or @import`);
  if (/\sstyle\s*=/i.test((markup.match(TAG) ?? []).join(""))) found.push(`${file}: inline style attribute`);
}

/**
 * Every URL in an attribute of a tag that points outside the site: an
 * absolute URL (any scheme) or a protocol-relative one. `allowed` are exact
 * exceptions (the feed's self link when a base URL is set). The feed's
 * escaped HTML content is decoded and checked as markup too; status.json's
 * `url` fields must be relative.
 */
export function outsideUrls(files: Map<string, string>, allowed: string[] = []): string[] {
  const found: string[] = [];
  for (const [file, raw] of files) {
    if (file.endsWith(".json")) {
      JSON.parse(raw, (key, value: unknown) => {
        if (key === "url" && typeof value === "string" && (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith("//"))) found.push(`${file}: url=${value}`);
        return value;
      });
      continue;
    }
    urlsInMarkup(file, raw, allowed, found);
    if (file.endsWith(".atom")) {
      for (const m of raw.matchAll(/<content type="html">([\s\S]*?)<\/content>/g)) urlsInMarkup(`${file} (content)`, decodeEntities(m[1] ?? ""), allowed, found);
    }
  }
  return found;
}

const validator = new HtmlValidate({ extends: ["html-validate:recommended"] });

/** html-validate's recommended rules over every .html file; returns the problems as text. */
export async function htmlProblems(files: Map<string, string>): Promise<string[]> {
  const problems: string[] = [];
  for (const [file, html] of files) {
    if (!file.endsWith(".html")) continue;
    const report = await validator.validateString(html, file);
    for (const r of report.results) for (const m of r.messages) problems.push(`${file}:${m.line}:${m.column} ${m.ruleId} ${m.message}`);
  }
  return problems;
}
