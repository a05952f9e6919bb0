/** A page's `searchParams`, as Next.js hands them over. */
export type PageSearchParams = Record<string, string | string[] | undefined>;

/**
 * The filters of a page URL as a service reads them: each key's first value,
 * or for a list key (checkboxes send one parameter each) all its values
 * joined with commas; empty ones left out.
 */
export function pageQuery(raw: PageSearchParams, keys: readonly string[], listKeys: readonly string[] = []): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of keys) {
    const value = raw[key];
    const list = Array.isArray(value) ? value : value ? [value] : [];
    const text = listKeys.includes(key) ? list.join(",") : list[0];
    if (text) query[key] = text;
  }
  return query;
}
