import { fromTagList, tagChanges, toTagList } from "./tags";

describe("tag reconciliation", () => {
  it.each([
    ["nothing to nothing", undefined, undefined, {}, []],
    ["add to none", undefined, { a: "1" }, { a: "1" }, []],
    ["remove all", { a: "1", b: "2" }, {}, {}, ["a", "b"]],
    [
      "change one, keep one, add one, remove one",
      { a: "1", b: "2", c: "3" },
      { a: "1", b: "9", d: "4" },
      { b: "9", d: "4" },
      ["c"],
    ],
    ["empty value is a value", { a: "1" }, { a: "" }, { a: "" }, []],
  ])("%s", (_label, olds, news, set, remove) => {
    expect(tagChanges(olds, news)).toEqual({ set, remove });
  });

  it("converts between the map and Proton's list", () => {
    expect(toTagList({ a: "1", b: "" })).toEqual([
      { key: "a", value: "1" },
      { key: "b", value: "" },
    ]);
    expect(toTagList({})).toBeUndefined();
    expect(fromTagList([{ key: "a", value: "1" }])).toEqual({ a: "1" });
    expect(fromTagList(undefined)).toEqual({});
  });
});
