/**
 * The template resources' validation and replace-on-change, through the providers' own `check` and
 * `diff` (schema-generated tables refined by each module), plus ids and request shaping.
 */
import type * as pulumi from "@pulumi/pulumi";
import { providers } from "..";
import type { AccountSettingsInputs } from "../generated/schema";
import { settingsRequest } from "./accountSettings";
import { parseVersionId, versionId } from "./templateVersion";

type Bag = Record<string, unknown>;
const provider = (kind: string) => providers[kind] as Required<pulumi.dynamic.ResourceProvider>;

/** The properties `check` refuses, for inputs that already carry a name (no auto-naming). */
const failing = async (kind: string, inputs: Bag) =>
  ((await provider(kind).check({}, inputs)).failures ?? []).map((f) => f.property);

const diffOf = (kind: string, olds: Bag, news: Bag) => provider(kind).diff("id", olds, news);

describe("template rules", () => {
  it.each([
    ["EnvironmentTemplate", "provisioning"],
    ["ServiceTemplate", "pipelineProvisioning"],
  ] as const)("%s", async (kind, member) => {
    expect(await failing(kind, { name: "web", [member]: "CUSTOMER_MANAGED" })).toEqual([]);
    expect(await failing(kind, { name: "x".repeat(101) })).toEqual(["name"]);
    expect(await failing(kind, { name: "web", displayName: "" })).toEqual(["displayName"]);
    expect(await failing(kind, { name: "web", description: "d".repeat(501) })).toEqual(["description"]);
    expect(await failing(kind, { name: "web", encryptionKey: "my-key" })).toEqual(["encryptionKey"]);
    expect(await failing(kind, { name: "web", [member]: "AWS_MANAGED" })).toEqual([member]);
    expect(await failing(kind, { name: "web", tags: { "aws:owner": "me" } })).toEqual(["tags.aws:owner"]);
  });

  it.each([
    ["name", "replace"],
    ["encryptionKey", "replace"],
    ["provisioning", "replace"],
    ["displayName", "update"],
    ["description", "update"],
    ["tags", "update"],
  ])("a %s change is a(n) %s", async (property, kind) => {
    const old: Bag = {
      name: "web",
      encryptionKey: "arn:aws:kms:us-east-1:1:key/a",
      provisioning: undefined,
      displayName: "W",
      description: "d",
      tags: { a: "1" },
    };
    const changed =
      property === "tags"
        ? { a: "2" }
        : property === "provisioning"
          ? "CUSTOMER_MANAGED"
          : `${String(old[property])}-x`;
    const outcome = await diffOf("EnvironmentTemplate", old, { ...old, [property]: changed });
    expect(outcome.changes).toBe(true);
    expect(outcome.replaces).toEqual(kind === "replace" ? [property] : []);
    // A replacement keeping the name must delete first: template names are unique.
    expect(outcome.deleteBeforeReplace).toBe(kind === "replace" && property !== "name");
  });

  it("replaces on a provisioning change, per kind", async () => {
    const outcome = await diffOf("ServiceTemplate", {}, { pipelineProvisioning: "CUSTOMER_MANAGED" });
    expect(outcome.replaces).toEqual(["pipelineProvisioning"]);
  });

  it("never counts a profile, role or endpoint change (only the region replaces)", async () => {
    const olds = { name: "web", connection: { region: "us-east-1", profile: "a", endpoint: "http://x" } };
    const moved = { name: "web", connection: { region: "us-east-1", profile: "b", roleArn: "arn:x" } };
    expect((await diffOf("EnvironmentTemplate", olds, moved)).changes).toBe(false);
    const region = { name: "web", connection: { region: "eu-west-1" } };
    expect((await diffOf("EnvironmentTemplate", olds, region)).replaces).toEqual(["connection.region"]);
  });
});

describe("template version rules", () => {
  const valid = { templateName: "vpc", source: { s3: { bucket: "bundles", key: "v1.tar.gz" } } };
  const kind = "EnvironmentTemplateVersion";

  it("fills the default status (PUBLISHED) and checks a given one", async () => {
    const checked = await provider(kind).check({}, valid);
    expect(checked.failures).toEqual([]);
    expect(checked.inputs.status).toBe("PUBLISHED");
    const draft = await provider(kind).check({}, { ...valid, status: "DRAFT" });
    expect(draft.inputs.status).toBe("DRAFT");
    expect(await failing(kind, { ...valid, status: "RETIRED" })).toEqual(["status"]);
  });

  it.each([
    ["valid", valid, []],
    ["major with leading zero", { ...valid, majorVersion: "01" }, ["majorVersion"]],
    // A missing object is reported once: its members are checked when it is given.
    ["no source", { templateName: "vpc" }, ["source"]],
    ["source without s3", { ...valid, source: {} }, ["source.s3"]],
    ["bad bucket", { ...valid, source: { s3: { bucket: "Bundles_", key: "k" } } }, ["source.s3.bucket"]],
  ])("%s", async (_label, inputs, expected) => {
    expect(await failing(kind, inputs)).toEqual(expected);
  });

  it("requires a source to create a version, not to import or adopt one (Proton never returns it)", async () => {
    const { templateName } = valid;
    const created = await provider(kind).check({}, { templateName });
    expect(created.failures).toEqual([
      {
        property: "source",
        reason:
          "is required to create a new EnvironmentTemplateVersion (Proton never returns it: only an imported or adopted one may leave it out)",
      },
    ]);
    // `pulumi import` and the next preview: olds are what the read found, without a source.
    const imported = { templateName, majorVersion: "1", minorVersion: "0", arn: "arn:x" };
    expect((await provider(kind).check(imported, { templateName })).failures).toEqual([]);
    expect(await failing(kind, { templateName, importId: "vpc:1.0" })).toEqual([]);
    expect(await failing("Service", { name: "web", templateName: "web" })).toEqual([
      "spec",
      "templateMajorVersion",
    ]);
  });

  it("service versions need at least one well-formed compatible environment template", async () => {
    const compat = (c: unknown) =>
      failing("ServiceTemplateVersion", { ...valid, compatibleEnvironmentTemplates: c });
    expect(await compat([{ templateName: "vpc", majorVersion: "1" }])).toEqual([]);
    expect(await compat(undefined)).toEqual(["compatibleEnvironmentTemplates"]);
    expect(await compat([])).toEqual(["compatibleEnvironmentTemplates"]);
    expect(await compat([{ templateName: "vpc", majorVersion: "1.0" }])).toEqual([
      "compatibleEnvironmentTemplates[0].majorVersion",
    ]);
    expect(
      await failing("ServiceTemplateVersion", {
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
  ])("a %s change is a(n) %s", async (property, change) => {
    const outcome = await diffOf(kind, { [property]: "a" }, { [property]: "b" });
    expect(outcome.changes).toBe(true);
    expect(outcome.replaces).toEqual(change === "replace" ? [property] : []);
    // Versions get fresh minor numbers: a replacement never collides, so create first.
    expect(outcome.deleteBeforeReplace).toBe(false);
  });

  it("round-trips ids", () => {
    const key = { templateName: "my-tmpl", majorVersion: "12", minorVersion: "3" };
    expect(versionId(key)).toBe("my-tmpl:12.3");
    expect(parseVersionId("my-tmpl:12.3")).toEqual(key);
    expect(() => parseVersionId("my-tmpl")).toThrow(/templateName:major.minor/);
  });
});

describe("account settings", () => {
  const role = "arn:aws:iam::123456789012:role/p";
  it("validates ARNs and repository providers", async () => {
    expect(await failing("AccountSettings", { pipelineServiceRoleArn: role })).toEqual([]);
    expect(await failing("AccountSettings", { pipelineServiceRoleArn: "role/p" })).toEqual([
      "pipelineServiceRoleArn",
    ]);
    expect(
      await failing("AccountSettings", {
        pipelineProvisioningRepository: { provider: "GITLAB", name: "o/r", branch: "main" },
      }),
    ).toEqual(["pipelineProvisioningRepository.provider"]);
  });

  it.each(["pipelineServiceRoleArn", "pipelineCodebuildRoleArn", "pipelineProvisioningRepository"])(
    "updates %s in place",
    async (property) => {
      expect(await diffOf("AccountSettings", {}, { [property]: "x" })).toMatchObject({
        changes: true,
        replaces: [],
      });
    },
  );

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
    expect(settingsRequest(wanted as AccountSettingsInputs, changed)).toEqual(request);
  });
});
