import { describe, expect, it } from "vitest";
import { safeParse } from "zod/mini";
import { personLabel, personId } from "@/lib/groups/people";
import { groupSettingsSchema, joinRequestsSchema, removeParticipantsSchema } from "@/lib/validation/group-admin";
import { pictureProblem } from "@/lib/validation/picture";

const GROUP = "Y2FwaV9ncm91cDoxMDY1NDAzNTIyNDI5MjI6MTIwMzYzMDAwMDAwMDAwMDAx";
const errorsOf = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.success ? [] : (r.error?.issues.map((i) => i.message) ?? []);

describe("the group page's schemas (browser and server alike)", () => {
  it("removes 1 to 8 people at a time, as Meta allows", () => {
    const people = (n: number) => Array.from({ length: n }, (_, i) => `1650555000${i}`);
    expect(safeParse(removeParticipantsSchema, { groupId: GROUP, participants: people(8) }).success).toBe(true);
    expect(errorsOf(safeParse(removeParticipantsSchema, { groupId: GROUP, participants: people(9) }))).toEqual([
      "Meta removes at most 8 people at a time.",
    ]);
    expect(errorsOf(safeParse(removeParticipantsSchema, { groupId: GROUP, participants: [] }))).toEqual([
      "Choose who to remove.",
    ]);
    expect(safeParse(removeParticipantsSchema, { groupId: "..", participants: people(1) }).success).toBe(false);
  });

  it("takes a subject, a description or both, with the create form's rules; nothing at all is refused", () => {
    expect(safeParse(groupSettingsSchema, { groupId: GROUP, subject: "  Runners  " })).toMatchObject({
      success: true,
      data: { subject: "Runners" },
    });
    expect(safeParse(groupSettingsSchema, { groupId: GROUP, description: "" }).success).toBe(true);
    expect(errorsOf(safeParse(groupSettingsSchema, { groupId: GROUP }))).toEqual([
      "Change the subject or the description first.",
    ]);
    expect(errorsOf(safeParse(groupSettingsSchema, { groupId: GROUP, subject: "a\u202eb" }))[0]).toContain("text-direction");
    expect(errorsOf(safeParse(groupSettingsSchema, { groupId: GROUP, description: "x".repeat(2049) }))[0]).toContain("2048");
  });

  it("answers join requests only as approve or reject", () => {
    expect(safeParse(joinRequestsSchema, { groupId: GROUP, decision: "approve", joinRequestIds: ["a"] }).success).toBe(true);
    expect(safeParse(joinRequestsSchema, { groupId: GROUP, decision: "ignore", joinRequestIds: ["a"] }).success).toBe(false);
  });

  it.each([
    [{ type: "image/png", bytes: 1000, width: 500, height: 500 }, "type"],
    [{ type: "image/jpeg", bytes: 5 * 1024 * 1024 + 1, width: 500, height: 500 }, "size"],
    [{ type: "image/jpeg", bytes: 1000, width: 500, height: 400 }, "square"],
    [{ type: "image/jpeg", bytes: 1000, width: 191, height: 191 }, "small"],
    [{ type: "image/jpeg", bytes: 1000, width: 192, height: 192 }, null],
  ])("a picture %o has problem %s", (file, problem) => {
    expect(pictureProblem(file)).toBe(problem);
  });
});

describe("people as Meta names them", () => {
  it("shows whichever identifier there is, and sends back the one Meta takes", () => {
    expect(personLabel({ waId: "16505551234" })).toBe("+16505551234");
    expect(personLabel({ userId: "US.13491208655302741918", username: "maria.lopez27" })).toBe(
      "US.13491208655302741918 (@maria.lopez27)",
    );
    expect(personId({ userId: "US.1", waId: "1650" })).toBe("1650");
    expect(personId({ userId: "US.1" })).toBe("US.1");
  });
});
