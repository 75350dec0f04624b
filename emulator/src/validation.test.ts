import { ProtonError } from "./errors";
import { operationInputs, shapes } from "./shapes";
import { validateInput } from "./validation";

const failure = (operation: Parameters<typeof validateInput>[0], body: unknown): ProtonError => {
  try {
    validateInput(operation, body);
  } catch (err) {
    if (err instanceof ProtonError) return err;
    throw err;
  }
  throw new Error("expected a validation failure");
};

describe("shapes table", () => {
  test("every operation input and every member names a defined shape", () => {
    const missing: string[] = [];
    const check = (name: string) => shapes[name] ?? missing.push(name);
    for (const input of Object.values(operationInputs)) check(input);
    for (const [name, shape] of Object.entries(shapes)) {
      if (shape.type === "structure" || shape.type === "union")
        for (const member of Object.values(shape.members)) check(member);
      if (shape.type === "list") check(shape.member);
      if (shape.type === "structure")
        for (const required of shape.required ?? [])
          if (!Object.hasOwn(shape.members, required)) missing.push(`${name}.${required}`);
    }
    expect(missing).toEqual([]);
  });
});

describe("validateInput", () => {
  test.each([
    ["CreateEnvironmentTemplate", { name: "ok-name_1" }],
    [
      "CreateEnvironmentTemplateVersion",
      { templateName: "t", majorVersion: "10", source: { s3: { bucket: "my-bucket", key: "k" } } },
    ],
    ["ListEnvironmentTemplates", { maxResults: 100 }],
    ["UpdateAccountSettings", { pipelineServiceRoleArn: "" }],
    ["GetAccountSettings", {}],
  ] as const)("%s accepts %j", (operation, body) => {
    expect(() => validateInput(operation, body)).not.toThrow();
  });

  test.each([
    [
      "CreateEnvironmentTemplate",
      {},
      "Value null at 'name' failed to satisfy constraint: Member must not be null",
    ],
    [
      "CreateEnvironmentTemplate",
      { name: "" },
      "Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ],
    [
      "CreateEnvironmentTemplate",
      { name: "_x" },
      "Member must satisfy regular expression pattern: ^[0-9A-Za-z]+[0-9A-Za-z_\\-]*$",
    ],
    [
      "CreateEnvironmentTemplate",
      { name: "a", provisioning: "SELF" },
      "Value 'SELF' at 'provisioning' failed to satisfy constraint: Member must satisfy enum value set: [CUSTOMER_MANAGED]",
    ],
    [
      "CreateEnvironmentTemplate",
      { name: "a", description: "x".repeat(501) },
      "Value at 'description' failed",
    ],
    [
      "GetEnvironmentTemplateVersion",
      { templateName: "t", majorVersion: "01", minorVersion: "0" },
      "Value '01' at 'majorVersion'",
    ],
    [
      "GetEnvironmentTemplateVersion",
      { templateName: "t", majorVersion: "1".repeat(21), minorVersion: "0" },
      "have length less than or equal to 20",
    ],
    [
      "ListEnvironmentTemplates",
      { maxResults: 0 },
      "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    ["ListEnvironmentTemplates", { nextToken: "not a token!" }, "at 'nextToken'"],
    [
      "CreateEnvironmentAccountConnection",
      { environmentName: "e", managementAccountId: "12345" },
      "Value '12345' at 'managementAccountId'",
    ],
    [
      "CreateEnvironmentTemplateVersion",
      { templateName: "t", source: {} },
      "at 'source' failed to satisfy constraint: Member must have exactly one of [s3] set",
    ],
    [
      "CreateEnvironmentTemplateVersion",
      { templateName: "t", source: { s3: { bucket: "B", key: "k" } } },
      "Value 'B' at 'source.s3.bucket'",
    ],
    [
      "TagResource",
      { resourceArn: "arn:aws:proton:us-east-1:123456789012:environment/e", tags: [{ key: "", value: "v" }] },
      "Value '' at 'tags.1.member.key'",
    ],
    [
      "CreateEnvironment",
      { name: "e", templateName: "t", templateMajorVersion: "1", spec: "x".repeat(51201) },
      "Value at 'spec' failed to satisfy constraint: Member must have length less than or equal to 51200",
    ],
    [
      "CreateEnvironmentTemplateVersion",
      { templateName: "t", source: { s3: { bucket: "bkt", key: "k" } }, clientToken: "x".repeat(65) },
      "at 'clientToken'",
    ],
  ] as const)("%s rejects %j", (operation, body, fragment) => {
    const err = failure(operation, body);
    expect(err.code).toBe("ValidationException");
    expect(err.message).toMatch(/^\d validation errors? detected: /);
    expect(err.message).toContain(fragment);
  });

  test("violations are counted and joined", () => {
    const err = failure("GetEnvironmentTemplateVersion", {});
    expect(err.message).toMatch(/^3 validation errors detected: .+; .+; .+/);
  });

  test.each([
    [{ name: 1 }, /at 'name'/],
    [{ name: "a", extra: true }, /Unrecognized field 'extra'/],
    [{ name: "a", tags: {} }, /at 'tags'/],
    [[], /expected structure/],
  ])("wrong types and unknown members are SerializationExceptions (%j)", (body, message) => {
    const err = failure("CreateEnvironmentTemplate", body);
    expect(err.code).toBe("SerializationException");
    expect(err.message).toMatch(message);
  });
});
