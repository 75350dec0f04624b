/**
 * Environment: deployed from an environment template version. Updates go through the shared
 * deployment flow (deployable.ts); metadata-only changes are NONE deployments.
 */
import {
  CreateEnvironmentCommand,
  DeleteEnvironmentCommand,
  GetEnvironmentCommand,
  UpdateEnvironmentCommand,
  type Environment,
  type RepositoryBranchInput,
} from "@aws-sdk/client-proton";
import { arnRule, type Rule } from "../core/check";
import type { OperationContext } from "../core/context";
import { preferSpelling } from "../core/deploymentType";
import { present } from "../core/errors";
import { defineResource, toState } from "../core/resource";
import { reconcileTags } from "../core/tags";
import { compact, sameValue, type PropertyBag } from "../core/values";
import { EnvironmentSchema, type EnvironmentInputs, type RepositoryBranch } from "../generated/schema";
import {
  deploy,
  recordingFailure,
  waitForDeployment,
  waitUntilGone,
  waitUntilIdle,
  withDeploymentRules,
  type Deployable,
  type DeployedState,
} from "./deployable";
import { claimExisting, creationRequest, FROM_TEMPLATE_RULES, ownedTags } from "./fromTemplate";
import { readUserTags } from "./ownership";
import { environmentSpecTarget, withSpecCheck } from "./specCheck";

export type EnvironmentState = EnvironmentInputs & DeployedState & Record<string, unknown>;

/** Members that UpdateEnvironment changes without deploying (a NONE deployment when alone). */
export const ENVIRONMENT_METADATA = [
  "description",
  "protonServiceRoleArn",
  "environmentAccountConnectionId",
  "provisioningRepository",
  "componentRoleArn",
  "codebuildRoleArn",
] as const;

const rules: Rule[] = [
  ...FROM_TEMPLATE_RULES,
  arnRule("protonServiceRoleArn"),
  { property: "environmentAccountConnectionId", type: "string", minLength: 1 },
  arnRule("componentRoleArn"),
  arnRule("codebuildRoleArn"),
];

const environmentResource = withDeploymentRules(
  defineResource<EnvironmentInputs, EnvironmentState>({
    schema: EnvironmentSchema,
    rules,
    uniqueBy: ["name"],
    autoName: { property: "name", maxLength: 100 },
    describe: (bag, id) => String(bag.name ?? id ?? "(unnamed)"),

    create: createEnvironment,

    read: async (ctx, id, props) =>
      environmentState(ctx, await environmentTarget(ctx, id, {}).get(), props.spec),

    async update(ctx, id, olds, news, changed) {
      const target = environmentTarget(ctx, id, news);
      await deploy(ctx, target, news);
      if (changed.includes("tags")) await reconcileTags(ctx, String(olds.arn), olds.tags, news.tags);
      const state = await environmentState(ctx, await target.get(), news.spec);
      return present(state, target.what, "disappeared during update");
    },

    async delete(ctx, id) {
      const target = environmentTarget(ctx, id, {});
      if (!(await target.get())) return;
      await waitUntilIdle(ctx, target);
      await ctx.call("DeleteEnvironment", (c) => c.send(new DeleteEnvironmentCommand({ name: id })));
      await waitUntilGone(ctx, target, "deletion");
    },
  }),
  { notInPlace: "replace" },
);

async function createEnvironment(ctx: OperationContext, inputs: EnvironmentInputs) {
  const name = inputs.name as string;
  const target = environmentTarget(ctx, name, inputs);
  const recorded = async (live: Environment | undefined) => ({
    ...inputs,
    ...(await environmentState(ctx, live, inputs.spec)),
  });

  const existing = await target.get();
  if (existing) {
    // Ours from an interrupted run: converge it instead of creating a duplicate.
    const how = "adopting the environment an earlier run of this stack created";
    const liveTags = await claimExisting(ctx, target.what, existing.arn, inputs, how);
    await recordingFailure(target, name, recorded, () => deploy(ctx, target, inputs));
    if (existing.arn) await reconcileTags(ctx, existing.arn, liveTags, inputs.tags);
  } else {
    await ctx.call("CreateEnvironment", (c) =>
      c.send(
        new CreateEnvironmentCommand(
          compact({
            ...creationRequest(inputs),
            protonServiceRoleArn: inputs.protonServiceRoleArn,
            environmentAccountConnectionId: inputs.environmentAccountConnectionId,
            provisioningRepository: repositoryInput(inputs.provisioningRepository),
            componentRoleArn: inputs.componentRoleArn,
            codebuildRoleArn: inputs.codebuildRoleArn,
            tags: ownedTags(inputs),
          }),
        ),
      ),
    );
    await recordingFailure(target, name, recorded, () => waitForDeployment(ctx, target));
  }
  const state = await environmentState(ctx, await target.get(), inputs.spec);
  return { id: name, outs: present(state, target.what, "vanished right after creation") };
}

function repositoryInput(repo: RepositoryBranch | undefined): RepositoryBranchInput | undefined {
  return repo ? { provider: repo.provider, name: repo.name, branch: repo.branch } : undefined;
}

function repositoryOf(repo: unknown): RepositoryBranch | undefined {
  if (!repo || typeof repo !== "object") return undefined;
  const { provider, name, branch } = repo as RepositoryBranch;
  return { provider, name, branch };
}

/** Metadata members whose input differs from what Proton has (only these are sent). */
function changedMetadata(live: PropertyBag, inputs: EnvironmentInputs) {
  const changed = ENVIRONMENT_METADATA.filter((p) => {
    const have = p === "provisioningRepository" ? repositoryOf(live.provisioningRepository) : live[p];
    return !sameValue(have, inputs[p]);
  });
  const pick = <K extends (typeof ENVIRONMENT_METADATA)[number]>(p: K) =>
    changed.includes(p) ? inputs[p] : undefined;
  return {
    changed,
    request: compact({
      // Proton clears a description given as an empty string.
      description: changed.includes("description") ? (inputs.description ?? "") : undefined,
      protonServiceRoleArn: pick("protonServiceRoleArn"),
      environmentAccountConnectionId: pick("environmentAccountConnectionId"),
      provisioningRepository: repositoryInput(pick("provisioningRepository")),
      componentRoleArn: pick("componentRoleArn"),
      codebuildRoleArn: pick("codebuildRoleArn"),
    }),
  };
}

/** Live details shaped like the inputs (so refresh shows drift member by member) plus every output. */
async function environmentState(
  ctx: OperationContext,
  env: Environment | undefined,
  previousSpec?: unknown,
): Promise<EnvironmentState | undefined> {
  if (!env) return undefined;
  const { provisioningRepository: repo, ...rest } = env;
  const tags = await readUserTags(ctx, env.arn);
  return toState({
    ...rest,
    provisioningRepository: repo
      ? { provider: repo.provider, name: repo.name, branch: repo.branch }
      : undefined,
    provisioningRepositoryArn: repo?.arn,
    spec: preferSpelling(env.spec, previousSpec),
    tags,
  }) as EnvironmentState;
}

type LiveEnvironment = Environment & DeployedState;

/** The environment as the deployment flow sees it: find (Get), and the Update call of one deployment. */
function environmentTarget(
  ctx: OperationContext,
  name: string,
  inputs: EnvironmentInputs,
): Deployable<LiveEnvironment> {
  const live = (env: LiveEnvironment) => env as unknown as PropertyBag;
  return {
    what: `Environment "${name}"`,
    get: async () => {
      const found = await ctx.find("GetEnvironment", (c) => c.send(new GetEnvironmentCommand({ name })));
      return found?.environment as LiveEnvironment | undefined;
    },
    metadataChanged: (current) => changedMetadata(live(current), inputs).changed.length > 0,
    update: (request, current) =>
      ctx.call("UpdateEnvironment", (c) =>
        c.send(
          new UpdateEnvironmentCommand({
            name,
            ...request,
            ...changedMetadata(live(current), inputs).request,
          }),
        ),
      ),
  };
}

/** The spec is checked against the version's schema at preview (specCheck.ts). */
export const environmentProvider = withSpecCheck(environmentResource, "Environment", environmentSpecTarget);
