/** A response body parsed as JSON, or undefined when it is not JSON (an HTML error page, a plain-text refusal). */
export function jsonOrUndefined(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
