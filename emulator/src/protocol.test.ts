import { ProtonError } from "./errors";
import { operationOf, parseBody, serialize } from "./protocol";

test("Dates serialize as epoch seconds wherever they are nested", () => {
  const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
  expect(JSON.parse(serialize({ a: at, list: [{ b: at }], n: 1 }))).toEqual({
    a: at.getTime() / 1000,
    list: [{ b: at.getTime() / 1000 }],
    n: 1,
  });
  expect(serialize(undefined)).toBe("{}");
});

test("the target header selects a known operation", () => {
  expect(operationOf({ "x-amz-target": "AwsProton20200720.GetEnvironmentTemplate" })).toBe(
    "GetEnvironmentTemplate",
  );
  for (const target of [
    undefined,
    "GetEnvironmentTemplate",
    "AwsProton20200720.Nope",
    "Other.GetEnvironment",
  ]) {
    expect(() => operationOf({ "x-amz-target": target })).toThrow(ProtonError);
  }
});

test("an empty body is an empty input; malformed JSON is a SerializationException", () => {
  expect(parseBody("")).toEqual({});
  expect(() => parseBody("{")).toThrow(expect.objectContaining({ code: "SerializationException" }));
});
