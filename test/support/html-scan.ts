/**
 * A strict reading of rendered HTML for tests: every tag, every attribute
 * (quoted, unquoted or bare), URLs with their character references decoded
 * and the characters a browser ignores removed. Escaped text (`&#x3C;script>`)
 * is text and never a tag. The browser test does the same with Chromium's
 * own parser.
 */
const BAD_TAGS = new Set([
  "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "style", "noscript",
  "svg", "math", "form", "button", "body", "video", "audio", "source", "details", "xss", "template", "portal",
]);
const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "srcset", "cite"]);

export function decodeEntities(value: string): string {
  return value.replace(/&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));?/gi, (whole, dec?: string, hex?: string, name?: string) => {
    if (dec || hex) {
      const code = dec ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? "", 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "\ufffd";
    }
    const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'", colon: ":", tab: "\t", newline: "\n", nbsp: "\u00a0" };
    return named[(name ?? "").toLowerCase()] ?? whole;
  });
}

/** The scheme a browser would act on, or null for a relative URL. */
export function urlScheme(raw: string): string | null {
  const value = decodeEntities(raw).replace(/[\u0000-\u0020\u007f-\u00a0]/g, "");
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(value);
  return match?.[1]?.toLowerCase() ?? null;
}

const SAFE_SCHEMES = new Set(["http", "https", "mailto"]);

/** Everything in `html` that could run: script-like tags, handler attributes, script or data URLs. */
export function dangerousInHtml(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.matchAll(/<([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    const name = (tag[1] ?? "").toLowerCase();
    if (BAD_TAGS.has(name)) found.push(`<${name}>`);
    for (const attr of (tag[2] ?? "").matchAll(/([^\s="'>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      const attrName = (attr[1] ?? "").toLowerCase();
      const value = attr[2] ?? attr[3] ?? attr[4] ?? "";
      if (attrName.startsWith("on")) found.push(`<${name} ${attrName}>`);
      if (attrName === "srcdoc" || attrName === "style") found.push(`<${name} ${attrName}>`);
      if (URL_ATTRIBUTES.has(attrName)) {
        const scheme = urlScheme(value);
        if (scheme !== null && !SAFE_SCHEMES.has(scheme)) found.push(`<${name} ${attrName}="${value.slice(0, 40)}">`);
      }
    }
  }
  return found;
}

/** The text a reader sees: tags removed (rehype-stringify puts a newline between blocks), references decoded, white space collapsed. */
export function visibleText(html: string): string {
  return decodeEntities(html.replace(/<br\s*\/?>/gi, "\n").replace(/<[^>]*>/g, "")).replace(/\s+/g, " ").trim();
}
