import { describe, expect, it } from "vitest";
import { PUBLIC_TEMPLATE_STATUSES, publicTemplateText, servicesPhrase } from "@/lib/timeline/public-templates";

describe("public update templates", () => {
  it("name the affected services in plain words", () => {
    expect(servicesPhrase([])).toBeNull();
    expect(servicesPhrase(["Checkout"])).toBe("Checkout");
    expect(servicesPhrase(["Checkout", "Search"])).toBe("Checkout and Search");
    expect(servicesPhrase(["Checkout", "Search", "Login"])).toBe("Checkout, Search and Login");
    expect(servicesPhrase(["A", "B", "C", "D", "E"])).toBe("A, B and 3 other services");
  });

  it("give a message for every status, with or without services", () => {
    expect(publicTemplateText("investigating", ["Checkout"])).toBe(
      "We are investigating reports of problems with Checkout. We will post an update as soon as we know more.",
    );
    expect(publicTemplateText("resolved", ["Checkout"])).toBe("This incident has been resolved. Checkout is working normally again.");
    expect(publicTemplateText("resolved", ["Checkout", "Search"])).toBe("This incident has been resolved. Checkout and Search are working normally again.");
    expect(publicTemplateText("resolved", [])).toBe("This incident has been resolved. All services are working normally again.");
    for (const status of PUBLIC_TEMPLATE_STATUSES) {
      const text = publicTemplateText(status, []);
      expect(text.length).toBeGreaterThan(20);
      expect(text).not.toMatch(/undefined|null/);
    }
  });
});
