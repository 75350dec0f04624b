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
import { defineResource, toState } from "../core/resource";
import { reconcileTags, type TagMap } from "../core/tags";
import { compact, sameValue, type PropertyBag } from "../core/values";
import { EnvironmentSchema, type EnvironmentInputs, type RepositoryBranch } from "../generated/schema";
import {
  deploy,
  recordingFailure,
  retryWhenIdle,
  waitForDeployment,
  waitUntilGone,
  waitUntilIdle,
  withDeploymentRules,
  type Deployable,
  type DeployedState,
} from "./deployable";
import { creationRequest, fromTemplateRules, ownedTags } from "./fromTemplate";
import { createOrAdoptOwn, readUserTags } from "./ownership";
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
  ...fromTemplateRules("EnvironmentSpec"),
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
    convergeOnAdopt: true,
    autoName: { property: "name", maxLength: 100 },
    describe: (bag, id) => String(bag.name ?? id ?? "(unnamed)"),

    create: createEnvironment,

    read: async (ctx, id, props) =>
      environmentState(ctx, await environmentTarget(ctx, id, {}).get(), props.spec),

    async update(ctx, id, olds, news, changed) {
      const target = environmentTarget(ctx, id, news);
      const { state } = await deploy(ctx, target, news);
      if (changed.includes("tags")) await reconcileTags(ctx, String(olds.arn), olds.tags, news.tags);
      return environmentState(
        ctx,
        state,
        news.spec,
        (changed.includes("tags") ? news.tags : olds.tags) ?? {},
      );
    },

    async delete(ctx, id) {
      const target = environmentTarget(ctx, id, {});
      const live = await target.get();
      if (!live) return;
      await waitUntilIdle(ctx, target, live);
      const deleted = await ctx.call(
        "DeleteEnvironment",
        (c) => c.send(new DeleteEnvironmentCommand({ name: id })),
        { recover: retryWhenIdle(ctx, target) },
      );
      await waitUntilGone(ctx, target, "deletion", deleted.environment as LiveEnvironment | undefined);
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
  const outcome = await createOrAdoptOwn(
    ctx,
    target.what,
    name,
    inputs,
    () =>
      ctx.call("CreateEnvironment", (c) =>
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
      ),
    () => target.get(),
  );
  if ("existing" in outcome) return outcome;
  const answered = outcome.created.environment as LiveEnvironment | undefined;
  const live = await recordingFailure(target, name, recorded, () =>
    waitForDeployment(ctx, target, undefined, answered),
  );
  // The tags are the ones this create just wrote: reading them back would learn nothing.
  return { id: name, outs: await environmentState(ctx, live, inputs.spec, inputs.tags ?? {}) };
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

/**
 * Live details shaped like the inputs (so refresh shows drift member by member) plus every output.
 * `knownTags`: the user tags this operation just wrote (read from Proton when not given).
 */
async function environmentState(
  ctx: OperationContext,
  env: Environment,
  previousSpec?: unknown,
  knownTags?: TagMap,
): Promise<EnvironmentState>;
async function environmentState(
  ctx: OperationContext,
  env: Environment | undefined,
  previousSpec?: unknown,
  knownTags?: TagMap,
): Promise<EnvironmentState | undefined>;
async function environmentState(
  ctx: OperationContext,
  env: Environment | undefined,
  previousSpec?: unknown,
  knownTags?: TagMap,
): Promise<EnvironmentState | undefined> {
  if (!env) return undefined;
  const { provisioningRepository: repo, ...rest } = env;
  const tags = knownTags ?? (await readUserTags(ctx, env.arn));
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
    // Proton renders a self-managed environment into its repository; the customer's pipeline reports.
    ...(inputs.provisioningRepository
      ? { settledBy: "the self-managed pipeline to report through NotifyResourceDeploymentStatusChange" }
      : {}),
    metadataChanged: (current) => changedMetadata(live(current), inputs).changed.length > 0,
    update: async (request, current, once) => {
      const answer = await ctx.call(
        "UpdateEnvironment",
        (c) =>
          c.send(
            new UpdateEnvironmentCommand({
              name,
              ...request,
              ...changedMetadata(live(current), inputs).request,
            }),
          ),
        once,
      );
      return answer.environment as LiveEnvironment | undefined;
    },
  };
}

/** The spec is checked against the version's schema at preview (specCheck.ts). */
export const environmentProvider = withSpecCheck(environmentResource, "Environment", environmentSpecTarget);
