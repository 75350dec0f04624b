/** The template resources' own tables: rules, replace-on-change properties, ids and request shaping. */
import { checkRules } from "../core/check";
import { diffInputs } from "../core/diff";
import { ACCOUNT_SETTINGS_PROPERTIES, ACCOUNT_SETTINGS_RULES, settingsRequest } from "./accountSettings";
import { templateProperties, templateRules } from "./template";
import {
  parseVersionId,
  serviceTemplateVersionApi,
  VERSION_PROPERTIES,
  VERSION_RULES,
  versionId,
  waitForSiblings,
} from "./templateVersion";

const failing = (rules: Parameters<typeof checkRules>[0], inputs: Record<string, unknown>) =>
  checkRules(rules, inputs).map((f) => f.property);

describe("template rules", () => {
  it.each([
    ["environment", "provisioning"],
    ["service", "pipelineProvisioning"],
  ] as const)("%s template", (_kind, member) => {
    const rules = templateRules(member);
    expect(failing(rules, { name: "web", [member]: "CUSTOMER_MANAGED" })).toEqual([]);
    expect(failing(rules, { name: "x".repeat(101) })).toEqual(["name"]);
    expect(failing(rules, { name: "web", displayName: "" })).toEqual(["displayName"]);
    expect(failing(rules, { name: "web", description: "d".repeat(501) })).toEqual(["description"]);
    expect(failing(rules, { name: "web", encryptionKey: "my-key" })).toEqual(["encryptionKey"]);
    expect(failing(rules, { name: "web", [member]: "AWS_MANAGED" })).toEqual([member]);
  });

  it.each([
    ["name", "replace"],
    ["encryptionKey", "replace"],
    ["displayName", "update"],
    ["description", "update"],
    ["tags", "update"],
  ])("a %s change is a(n) %s", (property, kind) => {
    const old = {
      name: "web",
      encryptionKey: "arn:aws:kms:us-east-1:1:key/a",
      displayName: "W",
      description: "d",
      tags: { a: "1" },
    };
    const outcome = diffInputs({ properties: templateProperties("provisioning"), uniqueBy: ["name"] }, old, {
      ...old,
      [property]: property === "tags" ? { a: "2" } : `${String(old[property as keyof typeof old])}-changed`,
    });
    expect(outcome.replaces).toEqual(kind === "replace" ? [property] : []);
    expect(outcome.updates).toEqual(kind === "update" ? [property] : []);
    // A replacement keeping the name must delete first: template names are unique.
    expect(outcome.deleteBeforeReplace).toBe(kind === "replace" && property !== "name");
  });

  it("replaces on a provisioning change, per kind", () => {
    expect(
      diffInputs(
        { properties: templateProperties("pipelineProvisioning") },
        {},
        { pipelineProvisioning: "CUSTOMER_MANAGED" },
      ).replaces,
    ).toEqual(["pipelineProvisioning"]);
  });
});

describe("template version rules", () => {
  const valid = { templateName: "vpc", source: { s3: { bucket: "bundles", key: "v1.tar.gz" } } };
  it.each([
    ["valid", valid, []],
    ["status defaults are checked too", { ...valid, status: "RETIRED" }, ["status"]],
    ["major with leading zero", { ...valid, majorVersion: "01" }, ["majorVersion"]],
    ["no source", { templateName: "vpc" }, ["source", "source.s3", "source.s3.bucket", "source.s3.key"]],
    ["bad bucket", { ...valid, source: { s3: { bucket: "Bundles_", key: "k" } } }, ["source.s3.bucket"]],
  ])("%s", (_label, inputs, expected) => {
    expect(failing(VERSION_RULES, inputs)).toEqual(expected);
  });

  it("service versions need at least one well-formed compatible environment template", () => {
    const rules = [...VERSION_RULES, ...serviceTemplateVersionApi.extraRules];
    const compat = (c: unknown) => failing(rules, { ...valid, compatibleEnvironmentTemplates: c });
    expect(compat([{ templateName: "vpc", majorVersion: "1" }])).toEqual([]);
    expect(compat(undefined)).toEqual(["compatibleEnvironmentTemplates"]);
    expect(compat([])).toEqual(["compatibleEnvironmentTemplates"]);
    expect(compat([{ templateName: "vpc", majorVersion: "1.0" }])).toEqual([
      "compatibleEnvironmentTemplates[0].majorVersion",
    ]);
    expect(
      failing(rules, {
        ...valid,
        compatibleEnvironmentTemplates: [{ templateName: "vpc", majorVersion: "1" }],
        supportedComponentSources: ["GIT"],
      }),
    ).toEqual(["supportedComponentSources[0]"]);
  });

  it.each([
    ["templateName", "replace"],
    ["majorVersion", "replace"],
    ["source", "replace"],
    ["description", "update"],
    ["status", "update"],
    ["tags", "update"],
  ])("a %s change is a(n) %s", (property, kind) => {
    const outcome = diffInputs({ properties: VERSION_PROPERTIES }, { [property]: "a" }, { [property]: "b" });
    expect(outcome.changes).toBe(true);
    expect(outcome.replaces).toEqual(kind === "replace" ? [property] : []);
    // Versions get fresh minor numbers: a replacement never collides, so create first.
    expect(outcome.deleteBeforeReplace).toBe(false);
  });

  it("round-trips ids", () => {
    const key = { templateName: "my-tmpl", majorVersion: "12", minorVersion: "3" };
    expect(versionId(key)).toBe("my-tmpl:12.3");
    expect(parseVersionId("my-tmpl:12.3")).toEqual(key);
    expect(() => parseVersionId("my-tmpl")).toThrow(/templateName:major.minor/);
  });

  it("retries a delete only for the recommended-goes-last conflict", () => {
    const conflict = (message: string) => Object.assign(new Error(message), { name: "ConflictException" });
    expect(
      waitForSiblings(
        conflict(
          "Version 1.1 is the recommended minor version of major 1; delete the other minor versions first.",
        ),
      ).decision,
    ).toBe("retry");
    expect(waitForSiblings(conflict("Version 1.1 is in use by env dev.")).decision).toBe("fail");
    expect(waitForSiblings(new Error("recommended")).decision).toBe("fail");
  });
});

describe("account settings", () => {
  const role = "arn:aws:iam::123456789012:role/p";
  it("validates ARNs and repository providers", () => {
    expect(failing(ACCOUNT_SETTINGS_RULES, { pipelineServiceRoleArn: role })).toEqual([]);
    expect(failing(ACCOUNT_SETTINGS_RULES, { pipelineServiceRoleArn: "role/p" })).toEqual([
      "pipelineServiceRoleArn",
    ]);
    expect(
      failing(ACCOUNT_SETTINGS_RULES, {
        pipelineProvisioningRepository: { provider: "GITLAB", name: "o/r", branch: "main" },
      }),
    ).toEqual(["pipelineProvisioningRepository.provider"]);
  });

  it("updates every member in place", () => {
    for (const property of Object.keys(ACCOUNT_SETTINGS_PROPERTIES)) {
      expect(diffInputs({ properties: ACCOUNT_SETTINGS_PROPERTIES }, {}, { [property]: "x" })).toMatchObject({
        changes: true,
        replaces: [],
      });
    }
  });

  it.each([
    [
      "sets a role",
      { pipelineServiceRoleArn: role },
      ["pipelineServiceRoleArn"],
      { pipelineServiceRoleArn: role },
    ],
    [
      "clears a removed role with an empty string",
      {},
      ["pipelineCodebuildRoleArn"],
      { pipelineCodebuildRoleArn: "" },
    ],
    [
      "links a repository",
      { pipelineProvisioningRepository: { provider: "GITHUB", name: "o/r", branch: "main" } },
      ["pipelineProvisioningRepository"],
      { pipelineProvisioningRepository: { provider: "GITHUB", name: "o/r", branch: "main" } },
    ],
    [
      "unlinks a removed repository",
      {},
      ["pipelineProvisioningRepository"],
      { deletePipelineProvisioningRepository: true },
    ],
    ["sends nothing unchanged", { pipelineServiceRoleArn: role }, [], {}],
  ])("%s", (_label, wanted, changed, request) => {
    expect(settingsRequest(wanted, changed)).toEqual(request);
  });
});
