import { ZListActionItems, zHiddenColumns, type ActionItemSort } from "./schemas";
import { DEFAULT_DIR, DEFAULT_SORT } from "./sort-defaults";

/** URL parameters of the action-item table: the list query plus hidden columns. */
export type TableUrlState = {
  /** The valid list-query parameters, as they appear in the URL. */
  params: Record<string, string>;
  sort: ActionItemSort;
  dir: "asc" | "desc";
  page: number;
  pageSize: number;
  hidden: ActionItemSort[];
  /** Parameters that were dropped because they were not valid. */
  ignored: string[];
};

const LIST_KEYS = Object.keys(ZListActionItems.shape);
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Read the table state from a page URL. A shared link with one bad
 * parameter still opens: that parameter is dropped (and reported), the
 * rest apply. `cols` absent means the page's default hidden columns; an
 * empty `cols=` means none hidden.
 */
export function parseTableUrl(
  raw: Record<string, string | string[] | undefined>,
  opts: { defaultHidden?: ActionItemSort[]; fixed?: string[]; defaultPageSize?: number } = {},
): TableUrlState {
  const params: Record<string, string> = {};
  const ignored: string[] = [];
  for (const [key, field] of Object.entries(ZListActionItems.shape)) {
    const value = first(raw[key]);
    if (value === undefined || opts.fixed?.includes(key)) continue;
    if (field.safeParse(value).success) params[key] = value;
    else ignored.push(key);
  }
  let hidden = opts.defaultHidden ?? [];
  const cols = first(raw.cols);
  if (cols !== undefined) {
    const parsed = zHiddenColumns.safeParse(cols);
    if (parsed.success) {
      hidden = parsed.data;
      params.cols = cols;
    } else ignored.push("cols");
  }
  const parsed = ZListActionItems.safeParse(Object.fromEntries(LIST_KEYS.filter((k) => k in params).map((k) => [k, params[k]])));
  const q = parsed.success ? parsed.data : {};
  return {
    params,
    sort: q.sort ?? DEFAULT_SORT,
    dir: q.dir ?? DEFAULT_DIR,
    page: q.page ?? 1,
    pageSize: q.pageSize ?? opts.defaultPageSize ?? 50,
    hidden,
    ignored,
  };
}

/** The list-query part of the URL parameters (for the service call). */
export function listQueryOf(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).filter(([k]) => LIST_KEYS.includes(k)));
}

/** A URL with `changes` applied (undefined or "" removes a parameter). */
export function hrefWith(basePath: string, params: Record<string, string>, changes: Record<string, string | undefined>): string {
  const next = new URLSearchParams();
  const merged = { ...params, ...changes };
  for (const key of [...LIST_KEYS, "cols"]) {
    const v = merged[key];
    if (v !== undefined && (v !== "" || key === "cols")) next.set(key, v);
  }
  const qs = next.toString();
  return qs ? `${basePath}?${qs}` : basePath;
}
