"use client";

import { createContext, useContext } from "react";

/**
 * A context whose hook only works below its provider: outside it, the hook
 * throws, naming both, instead of handing every caller a null to check.
 * Returns the context (for its Provider) and the hook.
 */
export function requiredContext<T>(hookName: string, providerName: string) {
  const Context = createContext<T | null>(null);
  function useRequiredContext(): T {
    const value = useContext(Context);
    if (!value) throw new Error(`${hookName} needs <${providerName}>`);
    return value;
  }
  return [Context, useRequiredContext] as const;
}
