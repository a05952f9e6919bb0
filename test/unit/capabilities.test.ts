import { describe, expect, it } from "vitest";
import { CAPABILITIES, SIGN_OUT_EVERYWHERE, can, roleFor, type Capability } from "@/lib/auth/capabilities";
import { authorize, authorizeForAccount } from "@/lib/auth/authorize";
import { API_RULES } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import type { Actor, Role } from "@/lib/auth/actor";

const actor = (role: Role, over: Partial<Actor> = {}): Actor => ({ id: `u-${role}`, name: role, role, kind: "user", ...over });
const all = Object.keys(CAPABILITIES) as Capability[];

describe("capabilities", () => {
  it("give viewers reading and their own account, responders the writing, admins everything", () => {
    expect(all.filter((c) => can(actor("viewer"), c)).sort()).toEqual(["account.manage_own", "incidents.read"]);
    expect(all.filter((c) => can(actor("responder"), c)).sort()).toEqual([
      "account.manage_own",
      "action_items.write",
      "incident_roles.assign",
      "incidents.read",
      "incidents.write",
      "postmortem.write",
      "timeline.write",
    ]);
    expect(all.filter((c) => can(actor("admin"), c))).toEqual(all);
  });

  it("authorize() is a 403 naming the role and what it may not do", () => {
    expect(() => authorize(actor("responder"), "timeline.write")).not.toThrow();
    const err = (() => {
      try {
        authorize(actor("responder"), "incidents.delete");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "forbidden", message: "Your role (responder) may not delete incidents" });
  });

  it("sign out everywhere: one's own sessions at any role (by session or personal key), someone else's as an admin only", () => {
    const viewer = actor("viewer");
    expect(() => authorizeForAccount(viewer, SIGN_OUT_EVERYWHERE, viewer.id)).not.toThrow();
    expect(() => authorizeForAccount(viewer, SIGN_OUT_EVERYWHERE, "someone-else")).toThrow(/may not manage users/);
    const personalKey = actor("viewer", { id: "key:k1", kind: "api_key", credential: { kind: "api_key", id: "k1", userId: "u-7" } });
    expect(() => authorizeForAccount(personalKey, SIGN_OUT_EVERYWHERE, "u-7")).not.toThrow();
    const serviceKey = actor("viewer", { id: "key:k2", kind: "api_key", credential: { kind: "api_key", id: "k2", userId: null } });
    expect(() => authorizeForAccount(serviceKey, SIGN_OUT_EVERYWHERE, "key:k2")).toThrow(/may not manage users/);
    expect(() => authorizeForAccount(actor("admin"), SIGN_OUT_EVERYWHERE, "someone-else")).not.toThrow();
  });

  it("the API rules are the same capabilities: the route of signing out everywhere is the service's rule", () => {
    expect(API_RULES["POST /api/v1/users/[id]/revoke-sessions"]).toBe(SIGN_OUT_EVERYWHERE);
    expect(roleFor(API_RULES["DELETE /api/v1/incidents/[id]"])).toBe("admin");
    expect(roleFor(API_RULES["POST /api/v1/incidents/[id]/events"])).toBe("responder");
  });
});
