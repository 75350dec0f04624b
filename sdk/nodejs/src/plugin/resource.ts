/**
 * What the plugin-flavour classes hand to Pulumi: custom resources and invokes of the provider plugin
 * `pulumi-resource-proton`, asking for the plugin version this package was generated with. Unlike the
 * dynamic flavour, nothing is added to the arguments: the plugin derives `owner` and the auto-name
 * prefix from the URN and takes the stack's settings from its own configuration (`proton:region`, ...),
 * and the `import` resource option is Pulumi's own.
 */
import * as pulumi from "@pulumi/pulumi";
import { PLUGIN_VERSION } from "./generated/version";

/** The constructor arguments of a plugin resource: every output name is present (Pulumi exposes only those). */
export function customResourceArgs(
  type: string,
  name: string,
  args: object | undefined,
  outputNames: readonly string[],
  opts: pulumi.CustomResourceOptions | undefined,
): [string, string, pulumi.Inputs, pulumi.CustomResourceOptions] {
  const outputs = Object.fromEntries(outputNames.map((n) => [n, undefined]));
  // `get` (opts.id): the plugin reads the resource; no arguments are sent.
  const props = opts?.id ? outputs : { ...outputs, ...args };
  return [type, name, props, resourceOptions(opts)];
}

export function resourceOptions<T extends pulumi.ResourceOptions>(opts: T | undefined): T {
  return { version: PLUGIN_VERSION, ...opts } as T;
}

export function invokeOptions<T extends pulumi.InvokeOptions>(opts: T | undefined): T {
  return { version: PLUGIN_VERSION, ...opts } as T;
}

/**
 * Provider arguments as every Pulumi SDK sends them: strings as they are, anything else as JSON (the
 * plugin's CheckConfig parses them back, as it does stack config, which is text).
 */
export function providerInputs(args: Record<string, unknown>): pulumi.Inputs {
  return Object.fromEntries(
    Object.entries(args).map(([key, value]) => [
      key,
      pulumi.output(value as pulumi.Input<string | number | boolean | undefined>).apply(toConfigValue),
    ]),
  );
}

const toConfigValue = (value: unknown) =>
  value === undefined || value === null || typeof value === "string" ? value : JSON.stringify(value);
