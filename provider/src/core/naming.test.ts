import { NAME_PATTERN } from "./check";
import { autoName, chooseName, sanitizeName } from "./naming";

const rule = { property: "name", maxLength: 20 };

describe("auto-naming", () => {
  it.each([
    ["web", "web"],
    ["my web", "my-web"],
    ["_internal", "internal"],
    ["--", "resource"],
    ["vpc.v1", "vpc-v1"],
  ])("sanitizes %j to %j", (input, expected) => {
    expect(sanitizeName(input)).toBe(expected);
  });

  it("appends a 7-character suffix and stays within the length limit and Proton's pattern", () => {
    const name = autoName("a-very-long-logical-resource-name", 20);
    expect(name).toHaveLength(20);
    expect(name).toMatch(/^a-very-long-[0-9a-z-]*-[0-9a-f]{7}$/);
    expect(NAME_PATTERN.test(name)).toBe(true);
  });

  it.each([
    ["an explicit name wins", {}, { name: "given" }, undefined, "given"],
    ["the name already in the state is kept", { name: "web-abc1234" }, {}, undefined, "web-abc1234"],
    ["an adopted id is used as the name", {}, {}, "legacy", "legacy"],
  ])("%s", (_label, olds, news, importId, expected) => {
    expect(chooseName(rule, olds, news, "web", importId)).toBe(expected);
  });

  it("derives the suffix from the owner, so preview and up agree and stacks differ", () => {
    const dev = chooseName(rule, {}, {}, "web", undefined, "proj/dev/web");
    expect(dev).toMatch(/^web-[0-9a-f]{7}$/);
    expect(chooseName(rule, {}, {}, "web", undefined, "proj/dev/web")).toBe(dev);
    expect(chooseName(rule, {}, {}, "web", undefined, "proj/prod/web")).not.toBe(dev);
  });

  it("generates a random suffix without an owner, and nothing without a logical name", () => {
    expect(chooseName(rule, {}, {}, "web")).toMatch(/^web-[0-9a-f]{7}$/);
    expect(chooseName(rule, {}, {}, undefined)).toBeUndefined();
  });
});
