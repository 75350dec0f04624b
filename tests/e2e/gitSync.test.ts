/**
 * examples/git-sync with the real engine against a started emulator: up, a push to the linked
 * repository (the emulator's Git host), refresh (the synced versions and the synced instance appear),
 * a preview with no lasting diff, and destroy, after which nothing is left in Proton.
 */
import {
  GetServiceInstanceCommand,
  ListEnvironmentTemplatesCommand,
  ListEnvironmentTemplateVersionsCommand,
  ListRepositoriesCommand,
  ListServicesCommand,
  ListServiceTemplatesCommand,
} from "@aws-sdk/client-proton";
import * as fs from "node:fs";
import * as path from "node:path";
import { createStack, repoRoot, type EngineStack, type OperationResult } from "../support/engine";
import { DEFAULT_ACCOUNT, DEFAULT_REGION, startTestEmulator, type TestEmulator } from "../support/emulator";
import { bundleFiles, opsFile } from "../support/gitSync";

const REPOSITORY = "example-org/proton-config";
let emulator: TestEmulator;
let stack: EngineStack;
let credentialsDir: string;

beforeAll(async () => {
  emulator = await startTestEmulator({ deploymentMs: 100 });
  fs.mkdirSync(path.join(repoRoot, ".tmp"), { recursive: true });
  credentialsDir = fs.mkdtempSync(path.join(repoRoot, ".tmp", "git-sync-aws-"));
  fs.writeFileSync(
    path.join(credentialsDir, "credentials"),
    `[default]\naws_access_key_id = ${DEFAULT_ACCOUNT}\naws_secret_access_key = emulator\n`,
  );
  stack = await createStack({
    projectDir: path.join(repoRoot, "examples", "git-sync"),
    stackName: "git-sync",
    config: { prefix: "gs" },
    env: {
      AWS_ENDPOINT_URL_PROTON: emulator.url,
      // Template bundles go to the emulator's S3, on the same port.
      AWS_ENDPOINT_URL_S3: emulator.url,
      AWS_REGION: DEFAULT_REGION,
      AWS_SHARED_CREDENTIALS_FILE: path.join(credentialsDir, "credentials"),
      AWS_CONFIG_FILE: path.join(credentialsDir, "missing-config"),
      AWS_PROFILE: "default",
      PROTON_POLL_INTERVAL_MS: "50",
      PROTON_RETRY_MIN_DELAY_MS: "10",
    },
  });
});

afterAll(async () => {
  await stack?.dispose();
  await emulator?.stop();
  if (credentialsDir) fs.rmSync(credentialsDir, { recursive: true, force: true });
});

const changed = (result: OperationResult) =>
  result.steps
    .filter((s) => s.op !== "same" && !s.type.startsWith("pulumi:providers:"))
    .map((s) => `${s.op} ${s.urn.split("::").slice(-1)[0]}`)
    .sort();

/** The state's outputs of one resource, by logical name. */
async function stateOf(name: string): Promise<Record<string, unknown>> {
  const resources = (await stack.exportState()).deployment.resources ?? [];
  const found = resources.find((r: { urn: string }) => r.urn.endsWith(`::${name}`));
  return (found as { outputs?: Record<string, unknown> } | undefined)?.outputs ?? {};
}

const specFile = (port: number) =>
  `proton: ServiceSpec\ninstances:\n  - name: api-dev\n    environment: gs-dev\n    spec:\n      port: ${port}\n`;

it("up links the repository and creates both sync configurations; nothing is synced yet", async () => {
  const result = await stack.up();
  expect(result.changes).toEqual({ create: 13 });
  expect(await stack.outputs()).toMatchObject({
    repositoryArn: `arn:aws:proton:${DEFAULT_REGION}:${DEFAULT_ACCOUNT}:repository/github:${REPOSITORY}`,
    syncedVersions: [],
    templateSyncStatus: "NONE",
    activeBlockers: 0,
  });
});

let commitId = "";

it("a push registers the template version and deploys the instance; refresh records them", async () => {
  const pushed = await emulator.control.gitPush({
    repository: REPOSITORY,
    branch: "main",
    files: {
      ...bundleFiles("templates/", "gs-network", 1, "environment"),
      "proton-ops.yaml": opsFile("gs-api", { "api-dev": { spec: "services/api/dev.yaml" } }),
      "services/api/dev.yaml": specFile(9090),
    },
  });
  commitId = pushed.commitId;
  expect(pushed.syncs[`${DEFAULT_ACCOUNT}/${DEFAULT_REGION}`]).toEqual({
    templateVersions: ["gs-network:1.0"],
    serviceInstances: ["gs-api/api-dev"],
  });
  // Proton registers and deploys asynchronously: refresh until both have settled.
  const client = emulator.client();
  for (;;) {
    const versions = await client.send(
      new ListEnvironmentTemplateVersionsCommand({ templateName: "gs-network" }),
    );
    const { serviceInstance } = await client.send(
      new GetServiceInstanceCommand({ serviceName: "gs-api", name: "api-dev" }),
    );
    if (
      versions.templateVersions?.[0]?.status === "DRAFT" &&
      serviceInstance?.deploymentStatus === "SUCCEEDED"
    )
      break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const refreshed = await stack.refresh();
  expect(refreshed.exitCode).toBe(0);
  expect((await stateOf("template-sync")).syncedVersions).toEqual([
    { majorVersion: "1", minorVersion: "0", status: "DRAFT", sha: commitId },
  ]);
});

it("a preview after the refresh plans nothing; up again shows the sync in the outputs", async () => {
  expect(changed(await stack.preview())).toEqual([]);
  await stack.up();
  expect(await stack.outputs()).toMatchObject({
    syncedVersions: [{ majorVersion: "1", minorVersion: "0", status: "DRAFT", sha: commitId }],
    templateSyncStatus: "SUCCEEDED",
    activeBlockers: 0,
  });
  expect(changed(await stack.preview())).toEqual([]);
});

it("destroy removes everything: no template, version, service or repository is left", async () => {
  const result = await stack.destroy();
  expect(result.changes).toEqual({ delete: 13 });
  expect((await stack.exportState()).deployment.resources ?? []).toEqual([]);
  const client = emulator.client();
  const [envTemplates, serviceTemplates, services, repositories] = await Promise.all([
    client.send(new ListEnvironmentTemplatesCommand({})),
    client.send(new ListServiceTemplatesCommand({})),
    client.send(new ListServicesCommand({})),
    client.send(new ListRepositoriesCommand({})),
  ]);
  expect({
    envTemplates: envTemplates.templates,
    serviceTemplates: serviceTemplates.templates,
    services: services.services,
    repositories: repositories.repositories,
  }).toEqual({ envTemplates: [], serviceTemplates: [], services: [], repositories: [] });
});
