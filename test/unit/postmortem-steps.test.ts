import { describe, expect, it } from "vitest";
import { POSTMORTEM_STATUS_WORDS, canStepPostmortem, postmortemStepsFrom } from "@/lib/postmortem/steps";

describe("the postmortem step machine", () => {
  it("moves one step at a time along draft ⇄ in review ⇄ published", () => {
    expect(postmortemStepsFrom("draft").map((s) => s.to)).toEqual(["in_review"]);
    expect(postmortemStepsFrom("in_review").map((s) => s.to)).toEqual(["draft", "published"]);
    expect(postmortemStepsFrom("published").map((s) => s.to)).toEqual(["in_review"]);
    expect(canStepPostmortem("draft", "published")).toBe(false);
    expect(canStepPostmortem("published", "draft")).toBe(false);
  });

  it("offers no step out of complete (only reopening an action item leaves it), nor from an unknown status", () => {
    expect(postmortemStepsFrom("complete")).toEqual([]);
    expect(canStepPostmortem("complete", "published")).toBe(false);
    expect(canStepPostmortem("archived", "draft")).toBe(false);
    expect(POSTMORTEM_STATUS_WORDS.in_review).toBe("In review");
  });
});
