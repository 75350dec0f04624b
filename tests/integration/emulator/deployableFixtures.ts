/** Templates and specs the deployable-entity tests build on (real SDK calls against the emulator). */
import {
  CreateEnvironmentTemplateCommand,
  CreateEnvironmentTemplateVersionCommand,
  CreateServiceTemplateCommand,
  CreateServiceTemplateVersionCommand,
  ProtonServiceException,
  UpdateEnvironmentTemplateVersionCommand,
  UpdateServiceTemplateVersionCommand,
  waitUntilEnvironmentTemplateVersionRegistered,
  waitUntilServiceTemplateVersionRegistered,
  type CompatibleEnvironmentTemplateInput,
  type ProtonClient,
} from "@aws-sdk/client-proton";
import type { Clock } from "../../../emulator/src/operations";
import { uploadBundle, type BundleSpec } from "../../support/bundles";
import { waiterFor } from "../../support/emulator";

/**
 * The emulator's clock, which a test can stop: while frozen no queued work settles, so states such as
 * IN_PROGRESS or CANCELLING hold for as long as the test needs them, whatever the machine's speed.
 */
export class FreezableClock implements Clock {
  private frozenAt: number | undefined;

  now = (): number => this.frozenAt ?? Date.now();

  /** Runs `steps` with time stopped, then lets it run (and queued work settle) again. */
  async frozen<T>(steps: () => Promise<T>): Promise<T> {
    this.frozenAt = Date.now();
    try {
      return await steps();
    } finally {
      this.frozenAt = undefined;
    }
  }
}

/** "M.m" version ids to register; a new major starts at "M.0", later minors follow in order. */
type VersionPlan = readonly string[];

const majorOf = (version: string) => version.split(".")[0];

/** The calls that register one version of a template, per template kind. */
interface VersionCalls {
  /** Creates version `version` ("M.m"), naming its major unless it starts one. */
  create(
    majorVersion: string | undefined,
    version: string,
  ): Promise<{ majorVersion?: string; minorVersion?: string } | undefined>;
  registered(ids: VersionIds): Promise<unknown>;
  publish(ids: VersionIds): Promise<unknown>;
}

interface VersionIds {
  templateName: string;
  majorVersion: string;
  minorVersion: string;
}

/** How a template's versions are registered and published. */
interface TemplateOptions {
  /** Versions left DRAFT (the others are published). */
  drafts?: readonly string[];
  /** For an emulator on a hand-moved clock: moves it past the deployment delay, so registrations settle. */
  tick?: () => void;
  /** The inputs of each version's bundle (default: the suites' TEST_INPUTS). */
  bundle?: BundleSpec | ((version: string) => BundleSpec);
}

const bundleSpec = (options: TemplateOptions, version: string): BundleSpec =>
  typeof options.bundle === "function" ? options.bundle(version) : (options.bundle ?? {});

/** Registers `versions` in order, checking each gets the id planned, and publishes all but `drafts`. */
async function registerVersions(
  templateName: string,
  versions: VersionPlan,
  { drafts, tick }: TemplateOptions,
  calls: VersionCalls,
): Promise<void> {
  for (const version of versions) {
    const created = await calls.create(version.endsWith(".0") ? undefined : majorOf(version), version);
    tick?.();
    const { majorVersion, minorVersion } = created ?? {};
    if (`${majorVersion}.${minorVersion}` !== version)
      throw new Error(`registered ${majorVersion}.${minorVersion}, not ${version}`);
    const [major, minor] = version.split(".");
    const ids = { templateName, majorVersion: major, minorVersion: minor };
    await calls.registered(ids);
    if (!drafts?.includes(version)) await calls.publish(ids);
  }
}

/**
 * Registers an environment template with the given versions, published unless listed in `drafts`.
 * Versions must be given in creation order ("1.0", "1.1", "2.0", ...).
 */
export async function environmentTemplate(
  client: ProtonClient,
  name: string,
  versions: VersionPlan,
  options: TemplateOptions & { customerManaged?: boolean } = {},
): Promise<void> {
  await client.send(
    new CreateEnvironmentTemplateCommand({
      name,
      provisioning: options.customerManaged ? "CUSTOMER_MANAGED" : undefined,
    }),
  );
  await registerVersions(name, versions, options, {
    create: async (majorVersion, version) => {
      const source = await uploadBundle(client, `${name}/${version}.tar.gz`, {
        kind: "environment",
        spec: bundleSpec(options, version),
      });
      return (
        await client.send(
          new CreateEnvironmentTemplateVersionCommand({ templateName: name, majorVersion, source }),
        )
      ).environmentTemplateVersion;
    },
    registered: (ids) => waitUntilEnvironmentTemplateVersionRegistered(waiterFor(client), ids),
    publish: (ids) =>
      client.send(new UpdateEnvironmentTemplateVersionCommand({ ...ids, status: "PUBLISHED" })),
  });
}

/** Registers a service template whose versions run on `compatible` environment templates. */
export async function serviceTemplate(
  client: ProtonClient,
  name: string,
  versions: VersionPlan,
  compatible:
    | CompatibleEnvironmentTemplateInput[]
    | ((version: string) => CompatibleEnvironmentTemplateInput[]),
  options: TemplateOptions & { pipeline?: boolean } = {},
): Promise<void> {
  await client.send(
    new CreateServiceTemplateCommand({
      name,
      // Proton provides a pipeline unless the template says the customer manages it.
      pipelineProvisioning: options.pipeline ? undefined : "CUSTOMER_MANAGED",
    }),
  );
  await registerVersions(name, versions, options, {
    create: async (majorVersion, version) => {
      const spec = bundleSpec(options, version);
      const source = await uploadBundle(client, `${name}/${version}.tar.gz`, {
        kind: "service",
        spec: { ...spec, pipeline: options.pipeline ? (spec.pipeline ?? true) : false },
      });
      return (
        await client.send(
          new CreateServiceTemplateVersionCommand({
            templateName: name,
            majorVersion,
            source,
            compatibleEnvironmentTemplates:
              typeof compatible === "function" ? compatible(version) : compatible,
          }),
        )
      ).serviceTemplateVersion;
    },
    registered: (ids) => waitUntilServiceTemplateVersionRegistered(waiterFor(client), ids),
    publish: (ids) => client.send(new UpdateServiceTemplateVersionCommand({ ...ids, status: "PUBLISHED" })),
  });
}

const yamlValue = (value: unknown) => JSON.stringify(value);

/** A `proton: EnvironmentSpec` document. */
export const environmentSpec = (inputs: Record<string, unknown> = {}): string =>
  [
    "proton: EnvironmentSpec",
    "spec:",
    ...Object.entries(inputs).map(([k, v]) => `  ${k}: ${yamlValue(v)}`),
    "",
  ].join("\n");

export interface InstanceSpec {
  name: string;
  environment: string;
  inputs?: Record<string, unknown>;
}

/** A `proton: ServiceSpec` document with its instances and optional pipeline inputs. */
export function serviceSpec(instances: readonly InstanceSpec[], pipeline?: Record<string, unknown>): string {
  const lines = ["proton: ServiceSpec"];
  if (pipeline) {
    lines.push("pipeline:", ...Object.entries(pipeline).map(([k, v]) => `  ${k}: ${yamlValue(v)}`));
  }
  lines.push("instances:");
  for (const instance of instances) {
    lines.push(`  - name: ${instance.name}`, `    environment: ${instance.environment}`, "    spec:");
    const inputs = Object.entries(instance.inputs ?? { unused: true });
    lines.push(...inputs.map(([k, v]) => `      ${k}: ${yamlValue(v)}`));
  }
  return `${lines.join("\n")}\n`;
}

/**
 * Create* refusal tests: each case is a change to a valid input (`input(name, change)`) and the refusal
 * it must get; creating a name twice with other parameters is an idempotent parameter mismatch
 * (idempotentCreates.test.ts covers the retries).
 */
export function itRefusesBadCreates<I extends { description?: string }>(
  noun: string,
  input: (name: string, change?: Partial<I>) => I,
  create: (input: I) => Promise<unknown>,
  cases: [string, Partial<I>, RegExp][],
): void {
  it.each(cases)("refuses %s", async (_case, change, expected) => {
    expect(await refusal(create(input("refused", change)))).toMatch(expected);
  });

  it(`refuses a second ${noun} with the same name and other parameters`, async () => {
    await create(input("twice"));
    const other = { description: "another one" } as Partial<I>;
    expect(await refusal(create(input("twice", other)))).toMatch(
      /^ValidationException: Idempotent parameter mismatch/,
    );
  });
}

/** The Proton error a call was refused with: `Code: message`. */
export async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ProtonServiceException) return `${error.name}: ${error.message}`;
    throw error;
  }
  throw new Error("expected the call to be refused");
}

/** Polls `read` until `done` holds for its result (for states no SDK waiter ends on, e.g. CANCELLED). */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const ROLE = "arn:aws:iam::123456789012:role/proton-service";

/** The source repository a service with a pipeline needs. */
export const REPOSITORY = {
  repositoryConnectionArn: "arn:aws:codestar-connections:us-east-1:123456789012:connection/abc",
  repositoryId: "org/app",
  branchName: "main",
};
