import { describe, expect, it } from "vitest";
import { statusToOffer } from "@/components/timeline/milestone-offer";

// After a milestone is posted the entry box offers the status that goes with
// it, never a step back.

describe("statusToOffer", () => {
  it("offers Resolved after Resolved until the incident is resolved", () => {
    for (const current of ["investigating", "identified", "monitoring"]) expect(statusToOffer("resolved", current)).toBe("resolved");
    expect(statusToOffer("resolved", "resolved")).toBeNull();
  });

  it("offers Monitoring after Mitigated only before monitoring", () => {
    expect(statusToOffer("mitigated", "investigating")).toBe("monitoring");
    expect(statusToOffer("mitigated", "identified")).toBe("monitoring");
    expect(statusToOffer("mitigated", "monitoring")).toBeNull();
    expect(statusToOffer("mitigated", "resolved")).toBeNull();
  });

  it("offers nothing after the other milestones, or for a status it does not know", () => {
    expect(statusToOffer("impact_start", "investigating")).toBeNull();
    expect(statusToOffer("detected", "investigating")).toBeNull();
    expect(statusToOffer("resolved", "archived")).toBeNull();
  });
});
