/**
 * Drives a dynamic provider the way the engine does (check -> diff -> create/update/read/delete) against
 * a started emulator, and reads what the provider sent from the emulator's call log.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { setProgressLogger } from "../../../provider/src/core/context";
import { DEFAULT_ACCOUNT, tempDir, type TestEmulator } from "../../support/emulator";
import type { CallRecord } from "../../../emulator/src/controlClient";

export type Bag = Record<string, unknown>;

/** Fast waits for a short emulator deployment delay. */
export const FAST = {
  pollIntervalMs: 20,
  timeoutMs: 15_000,
  maxRetries: 3,
  retryMinDelayMs: 10,
  retryMaxDelayMs: 50,
};

/**
 * Credentials for several accounts as shared-config profiles (the emulator takes the access key id as
 * the caller account); the default profile acts as DEFAULT_ACCOUNT.
 */
export function useAccounts(...accounts: string[]): void {
  const dir = tempDir("proton-provider-creds-");
  const file = path.join(dir, "credentials");
  const profile = (name: string, id: string) =>
    `[${name}]\naws_access_key_id = ${id}\naws_secret_access_key = emulator\n`;
  const profiles = [
    profile("default", DEFAULT_ACCOUNT),
    ...accounts.map((id) => profile(`account-${id}`, id)),
  ];
  fs.writeFileSync(file, profiles.join("\n"));
  process.env.AWS_SHARED_CREDENTIALS_FILE = file;
  process.env.AWS_CONFIG_FILE = path.join(dir, "config-none");
  // One credential source only: the SDK warns when static env keys and a profile are both set.
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  delete process.env.AWS_PROFILE;
  process.env.AWS_REGION = "us-east-1";
  setProgressLogger(() => undefined);
}

/** The `connection` + `operation` inputs every resource gets in these tests. */
export function settings(emulator: TestEmulator, account?: string): Bag {
  return {
    connection: {
      endpoint: emulator.url,
      region: "us-east-1",
      ...(account ? { profile: `account-${account}` } : {}),
    },
    operation: FAST,
  };
}

export type Provider = pulumi.dynamic.ResourceProvider;

/** A resource's life in the state, driven like the engine drives it. */
export class Driven {
  id = "";
  outs: Bag = {};
  inputs: Bag = {};

  constructor(readonly provider: Provider) {}

  async check(news: Bag, olds: Bag = this.inputs) {
    const checked = await this.provider.check!(olds, news);
    return { inputs: checked.inputs as Bag, failures: checked.failures ?? [] };
  }

  async checked(news: Bag): Promise<Bag> {
    const { inputs, failures } = await this.check(news);
    if (failures.length > 0) throw new Error(`check failed: ${JSON.stringify(failures)}`);
    return inputs;
  }

  async create(news: Bag): Promise<Bag> {
    const inputs = await this.checked(news);
    try {
      const result = await this.provider.create(inputs);
      this.id = result.id;
      this.outs = result.outs as Bag;
    } catch (error) {
      // A partial failure is recorded in the state like a created resource.
      const partial = error as { id?: string; properties?: Bag };
      if (partial.id) {
        this.id = partial.id;
        this.outs = partial.properties ?? {};
        this.inputs = inputs;
      }
      throw error;
    }
    this.inputs = inputs;
    return this.outs;
  }

  async diff(news: Bag) {
    const inputs = await this.checked(news);
    return this.provider.diff!(this.id, this.outs, inputs);
  }

  /** check + diff + update, as `pulumi up` does for a changed resource. */
  async update(news: Bag): Promise<Bag> {
    const inputs = await this.checked(news);
    const result = await this.provider.update!(this.id, this.outs, inputs);
    this.outs = (result.outs ?? {}) as Bag;
    this.inputs = inputs;
    return this.outs;
  }

  /** `pulumi refresh`: the state becomes what the provider reads. */
  async refresh(): Promise<Bag | undefined> {
    const result = await this.provider.read!(this.id, this.outs);
    if (!result.id) return undefined;
    this.outs = (result.props ?? {}) as Bag;
    return this.outs;
  }

  async delete(): Promise<void> {
    await this.provider.delete!(this.id, this.outs);
  }
}

/** Mutating calls of one operation since the last clear, with their inputs. */
export async function sent(emulator: TestEmulator, operation: string): Promise<Bag[]> {
  const { calls } = await emulator.control.calls();
  return calls.filter((c: CallRecord) => c.operation === operation).map((c: CallRecord) => c.input as Bag);
}

/** The deploymentType and version parameters of each Update call of `operation`. */
export async function deployments(emulator: TestEmulator, operation: string) {
  return (await sent(emulator, operation)).map((input) => ({
    deploymentType: input.deploymentType,
    templateMajorVersion: input.templateMajorVersion,
    templateMinorVersion: input.templateMinorVersion,
    hasSpec: input.spec !== undefined,
  }));
}

/** The message of a rejected promise. */
export async function failure(promise: Promise<unknown>): Promise<Error & Bag> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Bag;
  }
  throw new Error("expected a failure");
}
