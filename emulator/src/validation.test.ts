import { ProtonError } from "./errors";
import { ECHO_LIMIT, outputProblems, satisfies, validateInput } from "./validation";

const failure = (operation: Parameters<typeof validateInput>[0], body: unknown): ProtonError => {
  try {
    validateInput(operation, body);
  } catch (err) {
    if (err instanceof ProtonError) return err;
    throw err;
  }
  throw new Error("expected a validation failure");
};

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

describe("what a ValidationException echoes", () => {
  test("long values are cut to a short prefix", () => {
    const err = failure("CreateEnvironmentTemplate", { name: "x".repeat(150) });
    expect(err.message).toContain(`Value '${"x".repeat(ECHO_LIMIT)}...' at 'name'`);
    expect(err.message).not.toContain("x".repeat(ECHO_LIMIT + 1));
  });

  test("members of a sensitive structure are never shown (Output is sensitive as a whole)", () => {
    const err = failure("NotifyResourceDeploymentStatusChange", {
      resourceArn: "arn:aws:proton:us-east-1:123456789012:environment/e",
      outputs: [{ key: "secret-key", valueString: "" }],
    });
    expect(err.message).toContain(
      "Value at 'outputs.1.member.valueString' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(err.message).not.toContain("secret-key");
  });
});

describe("outputProblems (the emulator's own answers)", () => {
  const environment = {
    name: "e",
    arn: "arn:aws:proton:us-east-1:123456789012:environment/e",
    templateName: "t",
    templateMajorVersion: "1",
    templateMinorVersion: "0",
    deploymentStatus: "SUCCEEDED",
    createdAt: new Date(0),
    lastDeploymentAttemptedAt: new Date(0),
    lastDeploymentSucceededAt: new Date(0),
  };

  test("an answer that fits has none; lengths and patterns are not an answer's concern", () => {
    expect(outputProblems("GetEnvironment", { environment })).toEqual([]);
    expect(outputProblems("GetEnvironment", { environment: { ...environment, name: "-" } })).toEqual([]);
  });

  test.each([
    [{}, "environment is required but missing"],
    [
      { environment: { ...environment, deploymentStatus: "DONE" } },
      "Value 'DONE' at 'environment.deploymentStatus'",
    ],
    [{ environment: { ...environment, createdAt: 0 } }, "environment.createdAt is a number, not a timestamp"],
    [
      { environment: { ...environment, pendingSeq: 3 } },
      "environment.pendingSeq is not a member of Environment",
    ],
  ])("%j: %s", (output, problem) => {
    expect(outputProblems("GetEnvironment", output).join("; ")).toContain(problem);
  });

  test("members left undefined are absent, as on the wire", () => {
    expect(
      outputProblems("GetEnvironment", { environment: { ...environment, description: undefined } }),
    ).toEqual([]);
  });
});

test.each([
  ["web-1", true],
  ["-web", false],
  ["x".repeat(101), false],
  [42, false],
])("satisfies('ResourceName', %j) is %s (names inside spec documents)", (value, expected) => {
  expect(satisfies("ResourceName", value)).toBe(expected);
});
