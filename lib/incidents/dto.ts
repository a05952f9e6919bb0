import { z } from "zod";
import type { Incident } from "../generated/prisma/client";

const zStoredServices = z.array(z.string());

/** Stored JSON is still outside data: parse it, never trust it. */
export function parseServices(json: string): string[] {
  try {
    const parsed = zStoredServices.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export type IncidentDto = Omit<Incident, "services" | "deletedAt" | "declaredStartedAt" | "eventCount" | "rolesVersion" | "commander" | "scribe"> & {
  key: string;
  services: string[];
};

export function incidentKey(number: number): string {
  return `INC-${number}`;
}

export function toIncidentDto(row: Incident): IncidentDto {
  const { services, deletedAt: _deleted, declaredStartedAt: _declared, eventCount: _count, rolesVersion: _roles, commander: _c, scribe: _s, ...rest } = row;
  return { ...rest, key: incidentKey(row.number), services: parseServices(services) };
}
