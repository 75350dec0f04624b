/**
 * EnvironmentAccountConnectionAccepter: the management account's answer to a connection request.
 * Accepts it (or rejects it with `reject: true`); deleting the accepter rejects the connection, so the
 * environment account can no longer be used. A rejected connection can never be accepted again.
 */
import {
  AcceptEnvironmentAccountConnectionCommand,
  GetEnvironmentAccountConnectionCommand,
  RejectEnvironmentAccountConnectionCommand,
} from "@aws-sdk/client-proton";
import type { Rule } from "../core/check";
import type { OperationContext } from "../core/context";
import { ProtonStateError } from "../core/errors";
import { defineResource } from "../core/resource";
import {
  EnvironmentAccountConnectionAccepterSchema,
  type EnvironmentAccountConnectionAccepterInputs as AccepterInputs,
} from "../generated/schema";
import { connectionOutputs } from "./environmentAccountConnection";

export type AccepterState = AccepterInputs & Record<string, unknown>;

const rules: Rule[] = [{ property: "connectionId", type: "string", minLength: 1 }];

const base = defineResource<AccepterInputs, AccepterState>({
  schema: EnvironmentAccountConnectionAccepterSchema,
  rules,
  describe: (bag, id) => String(bag.connectionId ?? id ?? "(unknown)"),
  async create(ctx, inputs) {
    const id = inputs.connectionId as string;
    return { id, outs: await decide(ctx, id, inputs.reject === true) };
  },
  read: (ctx, id) => liveState(ctx, id),
  update: (ctx, id, _olds, news) => decide(ctx, id, news.reject === true),
  async delete(ctx, id) {
    const state = await liveState(ctx, id);
    if (state && state.status !== "REJECTED") await decide(ctx, id, true);
  },
});

/** Refuses at preview what Proton would refuse mid-update: accepting a rejected connection. */
export const environmentAccountConnectionAccepterProvider: typeof base = {
  ...base,
  async check(olds, news) {
    const result = await base.check!(olds, news);
    if (olds?.reject === true && news.reject !== true && olds.connectionId === news.connectionId) {
      const failure = {
        property: "reject",
        reason: "a rejected environment account connection can't be accepted again; request a new connection",
      };
      return { ...result, failures: [...(result.failures ?? []), failure] };
    }
    return result;
  },
};

async function liveState(ctx: OperationContext, id: string): Promise<AccepterState | undefined> {
  const found = await ctx.find("GetEnvironmentAccountConnection", (c) =>
    c.send(new GetEnvironmentAccountConnectionCommand({ id })),
  );
  const detail = found?.environmentAccountConnection;
  if (!detail) return undefined;
  return { ...connectionOutputs(detail), reject: detail.status === "REJECTED" } as AccepterState;
}

/** Accept or reject; Proton answers a repeat of the same decision as success. */
async function decide(ctx: OperationContext, id: string, reject: boolean): Promise<AccepterState> {
  if (reject) {
    await ctx.call("RejectEnvironmentAccountConnection", (c) =>
      c.send(new RejectEnvironmentAccountConnectionCommand({ id })),
    );
  } else {
    await ctx.call("AcceptEnvironmentAccountConnection", (c) =>
      c.send(new AcceptEnvironmentAccountConnectionCommand({ id })),
    );
  }
  const state = await liveState(ctx, id);
  if (!state) throw new ProtonStateError(`EnvironmentAccountConnection ${id} vanished`, "GONE");
  return state;
}
