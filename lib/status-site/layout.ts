/**
 * The frame every page shares: a complete, standalone HTML document with
 * landmarks (header, main, footer), a skip link, `lang`, the inline
 * stylesheet, and only relative links, so the site works from file:// and
 * from any host it is copied to.
 */
import type { Element, Root } from "hast";
import { h, normalizeHeadings, serialize, time, type Child } from "./hast";
import { STATUS_CSS } from "./style";

export type SiteOptions = {
  /** The site's name, e.g. "Acme status". */
  title: string;
};

export type PageInput = {
  site: SiteOptions;
  /** The document title (the tab's name). */
  title: string;
  /** "" at the root, "../" one folder down: every link is relative. */
  prefix: string;
  /** The front page carries the site's name as its h1; other pages link back to it. */
  isIndex: boolean;
  main: Child[];
  /** Newest public change shown anywhere on the site, for the footer. */
  latestChange: Date | null;
};

function header(input: PageInput): Element {
  const name = input.isIndex
    ? h("h1", null, input.site.title)
    : h("p", { className: ["site"] }, h("a", { href: `${input.prefix}index.html` }, input.site.title));
  return h("header", null, h("a", { href: "#main", className: ["skip"] }, "Skip to content"), name);
}

function footer(input: PageInput): Element {
  const p = input.prefix;
  return h(
    "footer",
    null,
    h(
      "p",
      null,
      "Times are in UTC. ",
      input.latestChange ? ["Latest update: ", time(input.latestChange), ". "] : null,
      "Follow this page: ",
      h("a", { href: `${p}feed.atom`, type: "application/atom+xml" }, "Atom feed"),
      " · ",
      h("a", { href: `${p}status.json`, type: "application/json" }, "status.json"),
      " · ",
      h("a", { href: `${p}history.html` }, "Incidents of the last 90 days"),
    ),
  );
}

/** The whole page as a hast root (doctype included), headings normalised. */
export function pageTree(input: PageInput): Root {
  const main = h("main", { id: "main" }, input.main);
  const body = h("body", null, header(input), main, footer(input));
  normalizeHeadings(body);
  const head = h(
    "head",
    null,
    h("meta", { charSet: "utf-8" }),
    h("meta", { name: "viewport", content: "width=device-width, initial-scale=1" }),
    h("meta", { name: "color-scheme", content: "light dark" }),
    h("title", null, input.title),
    h("link", { rel: ["alternate"], type: "application/atom+xml", href: `${input.prefix}feed.atom`, title: `${input.site.title}: updates` }),
    h("style", null, STATUS_CSS),
  );
  return { type: "root", children: [{ type: "doctype" }, h("html", { lang: "en" }, head, body)] };
}

export function renderPage(input: PageInput): string {
  return `${serialize(pageTree(input))}\n`;
}
