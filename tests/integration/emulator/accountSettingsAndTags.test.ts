/** Account settings and resource tags, through the real SDK. */
import {
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  GetAccountSettingsCommand,
  ListTagsForResourceCommand,
  paginateListTagsForResource,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAccountSettingsCommand,
  ValidationException,
  type ProtonClient,
} from "@aws-sdk/client-proton";
import { uploadBundle } from "../../support/bundles";
import { useEmulator } from "../../support/emulator";

const emulator = useEmulator({ deploymentMs: 50 });
let client: ProtonClient;
const role = (name: string) => `arn:aws:iam::123456789012:role/${name}`;

beforeAll(() => {
  client = emulator.client();
});

describe("account settings", () => {
  test("start empty, update member by member, clear with empty strings", async () => {
    expect((await client.send(new GetAccountSettingsCommand({}))).accountSettings).toEqual({});

    await client.send(new UpdateAccountSettingsCommand({ pipelineServiceRoleArn: role("pipeline") }));
    const both = await client.send(
      new UpdateAccountSettingsCommand({
        pipelineCodebuildRoleArn: role("codebuild"),
        pipelineProvisioningRepository: { provider: "GITHUB", name: "org/infra", branch: "main" },
      }),
    );
    expect(both.accountSettings).toEqual({
      pipelineServiceRoleArn: role("pipeline"),
      pipelineCodebuildRoleArn: role("codebuild"),
      pipelineProvisioningRepository: {
        arn: "arn:aws:proton:us-east-1:123456789012:repository/github:org/infra",
        provider: "GITHUB",
        name: "org/infra",
        branch: "main",
      },
    });
    expect((await client.send(new GetAccountSettingsCommand({}))).accountSettings).toEqual(
      both.accountSettings,
    );

    const cleared = await client.send(
      new UpdateAccountSettingsCommand({
        pipelineServiceRoleArn: "",
        deletePipelineProvisioningRepository: true,
      }),
    );
    expect(cleared.accountSettings).toEqual({ pipelineCodebuildRoleArn: role("codebuild") });
  });

  test("settings belong to one account", async () => {
    await client.send(new UpdateAccountSettingsCommand({ pipelineServiceRoleArn: role("mine") }));
    const other = await emulator.client("999999999999").send(new GetAccountSettingsCommand({}));
    expect(other.accountSettings).toEqual({});
  });

  test("invalid role ARNs and contradictory repository members are ValidationExceptions", async () => {
    await expect(
      client.send(new UpdateAccountSettingsCommand({ pipelineServiceRoleArn: "arn:aws:s3:::bucket" })),
    ).rejects.toBeInstanceOf(ValidationException);
    await expect(
      client.send(
        new UpdateAccountSettingsCommand({
          deletePipelineProvisioningRepository: true,
          pipelineProvisioningRepository: { provider: "GITHUB", name: "org/infra", branch: "main" },
        }),
      ),
    ).rejects.toBeInstanceOf(ValidationException);
  });
});

describe("tags", () => {
  async function templateArn(name: string, tags?: { key: string; value: string }[]) {
    return (await client.send(new CreateEnvironmentTemplateCommand({ name, tags }))).environmentTemplate!
      .arn!;
  }
  const list = async (resourceArn: string) =>
    (await client.send(new ListTagsForResourceCommand({ resourceArn }))).tags;

  test("tag, retag and untag a template", async () => {
    const arn = await templateArn("tagged", [{ key: "env", value: "dev" }]);
    await client.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: [
          { key: "env", value: "prod" },
          { key: "owner", value: "me" },
        ],
      }),
    );
    expect(await list(arn)).toEqual([
      { key: "env", value: "prod" },
      { key: "owner", value: "me" },
    ]);
    await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ["env", "absent"] }));
    expect(await list(arn)).toEqual([{ key: "owner", value: "me" }]);
  });

  test("template versions are taggable too", async () => {
    await templateArn("versioned");
    const version = await client.send(
      new CreateEnvironmentTemplateVersionCommand({
        templateName: "versioned",
        source: await uploadBundle(client, "versioned.tar.gz", { kind: "environment" }),
        tags: [{ key: "v", value: "1" }],
      }),
    );
    expect(await list(version.environmentTemplateVersion!.arn!)).toEqual([{ key: "v", value: "1" }]);
  });

  test("unknown ARNs are ResourceNotFoundException", async () => {
    const arn = "arn:aws:proton:us-east-1:123456789012:environment-template/ghost";
    await expect(client.send(new TagResourceCommand({ resourceArn: arn, tags: [] }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await expect(
      client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: [] })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  test("at most 50 tags per resource", async () => {
    const arn = await templateArn("many");
    const tags = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ key: `k${String(from + i).padStart(2, "0")}`, value: "v" }));
    await client.send(new TagResourceCommand({ resourceArn: arn, tags: tags(0, 50) }));
    await expect(
      client.send(new TagResourceCommand({ resourceArn: arn, tags: tags(50, 1) })),
    ).rejects.toBeInstanceOf(ValidationException);
    // More than 50 in one request is refused by the input shape.
    await expect(
      client.send(new TagResourceCommand({ resourceArn: arn, tags: tags(0, 51) })),
    ).rejects.toThrow(/Member must have length less than or equal to 50/);

    const keys: string[] = [];
    for await (const page of paginateListTagsForResource({ client, pageSize: 20 }, { resourceArn: arn }))
      keys.push(...page.tags!.map((t) => t.key!));
    expect(keys).toEqual(tags(0, 50).map((t) => t.key));
  });
});
