/**
 * How the generated read functions run in a program: in-process, through the bundled provider's
 * function table (the same implementation a provider plugin serves as invokes), with the stack's
 * connection and operation settings under the function's own `connection` argument.
 */
import * as pulumi from "@pulumi/pulumi";
import { withStackSettings } from "./settings";

type Bag = Record<string, unknown>;
type ProviderFunction = (args: Bag) => Promise<Bag>;

function implementation(token: string): ProviderFunction {
  const name = token.split(":").pop() as string;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, like the resources' shim
  const bundle = require("pulumi-aws-proton/dist/provider") as {
    functions: Record<string, ProviderFunction>;
  };
  const fn = bundle.functions[name];
  if (!fn) throw new Error(`pulumi-aws-proton: this version of the provider has no function ${name}`);
  return fn;
}

/** Runs the function `token` with plain arguments (the stack's settings under `args.connection`). */
export async function invokeFunction<R>(token: string, args: Bag, _opts?: pulumi.InvokeOptions): Promise<R> {
  return (await implementation(token)({ ...args, ...withStackSettings(args) })) as R;
}

/** The Output form: arguments may be Inputs; the answer waits for them (unknown in preview until known). */
export function invokeFunctionOutput<R>(
  token: string,
  args: Bag,
  opts?: pulumi.InvokeOptions,
): pulumi.Output<R> {
  return pulumi.output(args).apply((resolved) => invokeFunction<R>(token, resolved as Bag, opts));
}
