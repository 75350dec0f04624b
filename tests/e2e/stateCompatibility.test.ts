/**
 * A stack deployed with the previous release of the SDK keeps working with this one: the platform
 * example goes up with the SDK built from the commit before the SDK was generated from schema.json,
 * then previews, refreshes and is destroyed with the SDK of this checkout. Nothing may change: the same
 * exports, the same state shape, no diff.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ListEnvironmentsCommand, ListServicesCommand } from "@aws-sdk/client-proton";
import { createStack, repoRoot, type EngineStack, type OperationResult } from "../support/engine";
import { packDirectory } from "@pulumi-aws-proton/template-bundle";
import { uploadBundle } from "../support/bundles";
import { DEFAULT_REGION, startTestEmulator, type TestEmulator } from "../support/emulator";
import { buildSdkAt } from "../support/sdkBuild";

/** The last commit whose SDK classes were written by hand. */
const PREVIOUS_RELEASE = "ec8692d0a3b853f340b61e050b3bdca41b8d1733";

let emulator: TestEmulator;
let work: string;
let stack: EngineStack;
let sdkLink: string;

/** Points the program's `pulumi-aws-proton` at `sdk` (the program and its dynamic providers resolve it there). */
function useSdk(sdk: string): void {
  fs.rmSync(sdkLink, { force: true });
  fs.symlinkSync(sdk, sdkLink, "dir");
}

const changedOps = (result: OperationResult) => Object.keys(result.changes).filter((op) => op !== "same");

beforeAll(async () => {
  emulator = await startTestEmulator({ deploymentMs: 100 });
  fs.mkdirSync(path.join(repoRoot, ".tmp"), { recursive: true });
  // Inside the repository, so the program and both SDKs resolve one copy of @pulumi/pulumi.
  work = fs.mkdtempSync(path.join(repoRoot, ".tmp", "state-compat-"));
  const previousSdk = buildSdkAt(PREVIOUS_RELEASE, work);
  const program = path.join(work, "program");
  fs.mkdirSync(path.join(program, "node_modules"), { recursive: true });
  // The platform example as it was then (it names its bundles' keys; today's packs them with TemplateBundle).
  for (const file of ["Pulumi.yaml", "index.ts"])
    fs.writeFileSync(
      path.join(program, file),
      execFileSync("git", ["show", `${PREVIOUS_RELEASE}:examples/platform/${file}`], { cwd: repoRoot }),
    );
  // Its versions register the example's real bundles, uploaded to the keys it names.
  const templates = path.join(repoRoot, "examples", "templates");
  for (const [key, directory] of [
    ["environment/vpc-v1.tar.gz", "vpc-environment/v1"],
    ["service/web-v1.tar.gz", "web-service/v1"],
  ])
    await uploadBundle(
      emulator.client(),
      key,
      packDirectory(path.join(templates, directory)).bytes,
      "proton-example-templates",
    );
  sdkLink = path.join(program, "node_modules", "pulumi-aws-proton");
  useSdk(previousSdk);
  stack = await createStack({
    projectDir: program,
    stackName: "compat",
    config: { prefix: "compat" },
    env: {
      AWS_ENDPOINT_URL_PROTON: emulator.url,
      // Template bundles go to the emulator's S3, on the same port.
      AWS_ENDPOINT_URL_S3: emulator.url,
      AWS_REGION: DEFAULT_REGION,
      AWS_ACCESS_KEY_ID: "123456789012",
      AWS_SECRET_ACCESS_KEY: "emulator",
      PROTON_POLL_INTERVAL_MS: "50",
      PROTON_RETRY_MIN_DELAY_MS: "10",
    },
  });
});

afterAll(async () => {
  stack?.dispose();
  await emulator?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("a stack deployed with the previous SDK", () => {
  it("goes up with the previous SDK", async () => {
    const result = await stack.up();
    expect(result.changes).toEqual({ create: 10 });
  });

  it("previews with no changes, refreshes without drift and previews clean again with this SDK", async () => {
    useSdk(path.join(repoRoot, "sdk", "nodejs"));
    expect(changedOps(await stack.preview())).toEqual([]);
    expect(changedOps(await stack.refresh())).toEqual([]);
    expect(changedOps(await stack.preview())).toEqual([]);
  });

  it("is destroyed by this SDK, leaving nothing behind", async () => {
    await stack.destroy();
    const client = emulator.client();
    expect((await client.send(new ListEnvironmentsCommand({}))).environments).toEqual([]);
    expect((await client.send(new ListServicesCommand({}))).services).toEqual([]);
  });
});
