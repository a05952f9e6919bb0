/**
 * The site's only stylesheet, inlined in every page so a page stands alone
 * (opened from file://, copied on its own). System fonts only; the reader's
 * light or dark preference is followed. Every colour pair meets WCAG AA
 * contrast (4.5:1) on its background, and states also carry a symbol and a
 * word, never colour alone.
 */
export const STATUS_CSS = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--card:#f6f8fa;--link:#0550ae;--ok:#1a7f37;--warn:#8a5a00;--bad:#c0212c}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--card:#151b23;--link:#6cb6ff;--ok:#3fb950;--warn:#e3b341;--bad:#ff7b72}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header,main,footer{max-width:50rem;margin:0 auto;padding:1rem}
header{border-bottom:1px solid var(--line)}
footer{border-top:1px solid var(--line);color:var(--muted);font-size:.9rem}
a{color:var(--link)}
a:focus-visible{outline:3px solid var(--link);outline-offset:2px}
h1{font-size:1.75rem;line-height:1.25;margin:.25rem 0 1rem}
h2{font-size:1.35rem;margin:2rem 0 .75rem}
h3{font-size:1.1rem;margin:1rem 0 .25rem}
h4,h5,h6{font-size:1rem;margin:1rem 0 .25rem}
.site{margin:0;font-weight:600}
.skip{position:absolute;left:-999px}
.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.overall{font-size:1.25rem;font-weight:600;padding:.75rem 1rem;border:2px solid currentColor;border-radius:6px}
.state-operational{color:var(--ok)}
.state-degraded{color:var(--warn)}
.state-outage{color:var(--bad)}
.services{list-style:none;padding:0;margin:0;border:1px solid var(--line);border-radius:6px}
.services li{display:flex;justify-content:space-between;gap:1rem;padding:.5rem .75rem;border-top:1px solid var(--line)}
.services li:first-child{border-top:0}
.state{font-weight:600;white-space:nowrap}
.incident{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:.25rem 1rem .75rem;margin:0 0 1rem}
.meta,.when,.note,.more{color:var(--muted)}
.meta{margin:.25rem 0}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}
dl.meta dt{font-weight:600;color:var(--fg)}
dl.meta dd{margin:0}
.updates{list-style:none;padding:0;margin:0}
.updates>li{border-left:3px solid var(--line);padding:0 0 .5rem .75rem;margin:0 0 .75rem}
.updates h3,.updates h4{margin:.25rem 0 0}
.when{margin:0;font-size:.9rem}
.body{overflow-wrap:anywhere}
.body p{margin:.25rem 0 .5rem}
.history{padding-left:1.25rem}
.history li{margin:.25rem 0}
pre{overflow-x:auto;background:var(--card);padding:.5rem;border-radius:4px}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
table{border-collapse:collapse;display:block;overflow-x:auto;margin:.5rem 0}
th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
blockquote{margin:.5rem 0;padding-left:.75rem;border-left:3px solid var(--line);color:var(--muted)}
.pager{display:flex;flex-wrap:wrap;gap:.5rem 1rem;margin:1.5rem 0}
.pager ol{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem;padding:0;margin:0}
.cut{border:1px dashed var(--line);padding:0 .5rem}
`.trim();
