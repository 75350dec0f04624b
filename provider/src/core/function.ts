/**
 * Read functions (`getEnvironment`, `listDeployments`, ...): one Proton Get, or every page of one List,
 * with the same connection settings, retries and error naming as the resources. The SDK runs them in
 * the program (dynamic flavour) or the provider plugin serves them as invokes; both call these.
 */
import type { ProtonClient } from "@aws-sdk/client-proton";
import { checkRules, type Rule } from "./check";
import { createContext, type CommonInputs, type OperationContext } from "./context";
import { toState } from "./resource";
import type { PropertyBag } from "./values";

/** What schema.json says about a function (generated into provider/src/generated/schema.ts). */
export interface FunctionSchema {
  token: string;
  /** The arguments passed to Proton (connection and operation settings aside). */
  inputMembers: readonly string[];
  rules: readonly Rule[];
}

/** Proton's answer to the function's arguments (plain JSON once shaped by the core). */
export type FunctionCall = (ctx: OperationContext, args: PropertyBag) => Promise<PropertyBag>;

export type ProviderFunction = (args: PropertyBag & CommonInputs) => Promise<PropertyBag>;

/** Thrown for arguments that break the schema's rules: nothing was called. */
export class FunctionArgumentsError extends Error {
  constructor(name: string, failures: readonly { property: string; reason: string }[]) {
    super(`${name}: ${failures.map((f) => `${f.property} ${f.reason}`).join("; ")}`);
    this.name = "FunctionArgumentsError";
  }
}

export function defineFunction(schema: FunctionSchema, call: FunctionCall): ProviderFunction {
  const name = schema.token.split(":").pop() as string;
  return async (args) => {
    const failures = checkRules(schema.rules, args);
    if (failures.length > 0) throw new FunctionArgumentsError(name, failures);
    const ctx = createContext(name, describeArgs(schema, args), args);
    const own = Object.fromEntries(
      schema.inputMembers.filter((m) => args[m] !== undefined).map((m) => [m, args[m]]),
    );
    return toState(await call(ctx, own));
  };
}

/** How errors name one call: `getEnvironment "dev"`-style, from the arguments that identify it. */
function describeArgs(schema: FunctionSchema, args: PropertyBag): string {
  const ids = schema.inputMembers.map((m) => args[m]).filter((v) => typeof v === "string");
  return ids.length > 0 ? ids.join("/") : "(all)";
}

/** A command class of the AWS SDK (`new GetEnvironmentCommand(input)`). */
type CommandClass = new (input: never) => { input: unknown };

/** One call of `command` through the retry path, its answer as a plain bag. */
async function send(ctx: OperationContext, command: CommandClass, input: PropertyBag): Promise<PropertyBag> {
  const operation = command.name.replace(/Command$/, "");
  const out = await ctx.call(operation, (c: ProtonClient) => c.send(new command(input as never) as never));
  const { $metadata: _metadata, ...answer } = out as unknown as PropertyBag;
  return answer;
}

/** One Get: the detail member of the answer, flattened into the result. */
export const readOne =
  (command: CommandClass, member: string): FunctionCall =>
  async (ctx, args) =>
    ((await send(ctx, command, args))[member] ?? {}) as PropertyBag;

/** One Get whose whole answer is the result. */
export const readAnswer =
  (command: CommandClass): FunctionCall =>
  (ctx, args) =>
    send(ctx, command, args);

/** Every page of a List: the list member concatenated. */
export const readAll =
  (command: CommandClass, member: string): FunctionCall =>
  async (ctx, args) => {
    const items: unknown[] = [];
    let nextToken: string | undefined;
    do {
      const page = await send(ctx, command, { ...args, nextToken });
      items.push(...((page[member] as unknown[] | undefined) ?? []));
      nextToken = page.nextToken as string | undefined;
    } while (nextToken);
    return { [member]: items };
  };
