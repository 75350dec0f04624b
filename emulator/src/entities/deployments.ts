/**
 * The operations on deployments as such: GetDeployment, ListDeployments and DeleteDeployment over the
 * Deployment records every deployable keeps (deployment.records.ts; deployment.ts writes them; a
 * resource's records go with it when it is deleted), and NotifyResourceDeploymentStatusChange, which ends
 * the deployments of self-managed resources.
 */
import type {
  NotifyResourceDeploymentStatusChangeInput,
  NotifyResourceDeploymentStatusChangeOutput,
  DeleteDeploymentInput,
  DeleteDeploymentOutput,
  Deployment,
  DeploymentSummary,
  GetDeploymentInput,
  GetDeploymentOutput,
  ListDeploymentsInput,
  ListDeploymentsOutput,
} from "@aws-sdk/client-proton";
import { arnResource, parseArn } from "../arn";
import { rememberDeletion, replayDeletion } from "../deletions";
import { accessDenied, conflict, notFound, validation } from "../errors";
import type { EntityModule, OperationContext } from "../operations";
import { descendingKey, paddedNumber, paginate } from "../pagination";
import {
  date,
  finishDeployment,
  isBusy,
  settlesItself,
  sortedOutputs,
  type DeployableKind,
} from "./deployment";
import {
  deploymentsOf,
  findDeployment,
  type DeploymentRecord,
  type DeploymentState,
  type DeploymentTargetType,
  type OutputRecord,
} from "./deployment.records";
import { componentKind } from "./component";
import { findComponent } from "./component.records";
import { environmentKind } from "./environment";
import { findEnvironment } from "./environment.records";
import { reconcileService } from "./service";
import { findService } from "./service.records";
import { instanceKind } from "./serviceInstance";
import { findInstance } from "./serviceInstance.records";
import { pipelineKind } from "./servicePipeline";
import { defined, omit } from "./views";

/** Every kind of deployable the emulator serves. */
const kinds: Record<DeploymentTargetType, DeployableKind> = {
  ENVIRONMENT: environmentKind,
  SERVICE_INSTANCE: instanceKind,
  SERVICE_PIPELINE: pipelineKind,
  COMPONENT: componentKind,
};

/** A state as the SDK types the union (its one member set; the record type keeps them all optional). */
const unionView = (state: DeploymentState | undefined) => state as Deployment["targetState"];

function view(record: DeploymentRecord): Deployment {
  return defined({
    id: record.id,
    arn: record.arn,
    targetArn: record.targetArn,
    targetResourceType: record.targetResourceType,
    targetResourceCreatedAt: date(record.targetResourceCreatedAt),
    environmentName: record.environmentName,
    serviceName: record.serviceName,
    serviceInstanceName: record.serviceInstanceName,
    componentName: record.componentName,
    deploymentStatus: record.deploymentStatus,
    deploymentStatusMessage: record.deploymentStatusMessage,
    createdAt: date(record.createdAt),
    lastModifiedAt: date(record.lastModifiedAt),
    completedAt: record.completedAt === undefined ? undefined : date(record.completedAt),
    initialState: unionView(record.initialState),
    targetState: unionView(record.targetState),
    lastAttemptedDeploymentId: record.lastAttemptedDeploymentId,
    lastSucceededDeploymentId: record.lastSucceededDeploymentId,
  });
}

const summary = (record: DeploymentRecord): DeploymentSummary =>
  omit(view(record), "initialState", "targetState", "deploymentStatusMessage");

/** The names an input may scope a deployment by; a service instance is only unique within its service. */
interface Scope {
  environmentName?: string;
  serviceName?: string;
  serviceInstanceName?: string;
  componentName?: string;
}

function checkScope(ctx: OperationContext, scope: Scope): void {
  if (scope.serviceInstanceName !== undefined && scope.serviceName === undefined)
    throw validation("serviceInstanceName needs serviceName: instance names are unique per service only.");
  if (scope.environmentName !== undefined) findEnvironment(ctx, scope.environmentName);
  if (scope.serviceName !== undefined) findService(ctx, scope.serviceName);
  if (scope.serviceInstanceName !== undefined)
    findInstance(ctx, scope.serviceName as string, scope.serviceInstanceName);
  if (scope.componentName !== undefined) findComponent(ctx, scope.componentName);
}

const inScope = (record: DeploymentRecord, scope: Scope) =>
  (["environmentName", "serviceName", "serviceInstanceName", "componentName"] as const).every(
    (key) => scope[key] === undefined || record[key] === scope[key],
  );

function get(ctx: OperationContext, input: GetDeploymentInput): GetDeploymentOutput {
  checkScope(ctx, input);
  const record = findDeployment(ctx, input.id as string);
  if (!inScope(record, input)) throw notFound(`The deployment ${record.id} was not found.`);
  return { deployment: view(record) };
}

/** Newest first (then by id), so a page shows the latest deployments; stable for pagination. */
const newestFirst = (record: DeploymentRecord) =>
  `${descendingKey(paddedNumber(record.createdAt))}\u0000${record.id}`;

function list(ctx: OperationContext, input: ListDeploymentsInput): ListDeploymentsOutput {
  checkScope(ctx, input);
  const matches = Object.values(deploymentsOf(ctx.partition))
    .filter((record) => inScope(record, input))
    .map((record) => ({ record, key: newestFirst(record) }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const page = paginate(matches, input, (item) => item.key);
  return { deployments: page.items.map((item) => summary(item.record)), nextToken: page.nextToken };
}

/**
 * DeleteDeployment: only a deployment that has ended and that its target no longer refers to (not its
 * last attempted or last successful deployment, which rollbacks and List*Outputs need). The model lists
 * no ConflictException for it, so a refusal is a ValidationException. Retries answer as the idempotent
 * deletes do (deletions.ts).
 */
function remove(ctx: OperationContext, input: DeleteDeploymentInput): DeleteDeploymentOutput {
  const id = input.id as string;
  const record = deploymentsOf(ctx.partition)[id];
  if (!record) return replayDeletion(ctx, ctx.arn(arnResource.deployment(id)), () => findDeployment(ctx, id));
  if (isBusy(record))
    throw validation(`The deployment ${id} is ${record.deploymentStatus}; it can't be deleted yet.`);
  const target = kinds[record.targetResourceType]?.byArn(ctx, record.targetArn);
  const role =
    target?.lastAttemptedDeploymentId === id
      ? "last attempted"
      : target?.lastSucceededDeploymentId === id
        ? "last successful"
        : undefined;
  if (role) throw validation(`The deployment ${id} is the ${role} deployment of ${record.targetArn}.`);
  delete deploymentsOf(ctx.partition)[id];
  const output = { deployment: view(record) };
  rememberDeletion(ctx, record.arn, output);
  return output;
}

/** The deployable a resource ARN names in the caller's account, with its kind. */
function deployableOf(ctx: OperationContext, arn: string) {
  const parsed = parseArn(arn);
  if (parsed && parsed.accountId !== ctx.accountId)
    throw accessDenied(`Account ${ctx.accountId} is not authorized to access ${arn}.`);
  for (const kind of Object.values(kinds)) {
    const record = kind.byArn(ctx, arn);
    if (record) return { kind, record };
  }
  throw notFound(`The resource ${arn} was not found.`);
}

/**
 * Self-managed provisioning: the customer's automation reports the deployment Proton asked for (by
 * default the resource's latest) as IN_PROGRESS (outputs and message so far), SUCCEEDED or FAILED. Outputs
 * accumulate by key over the notifications; the final ones are the deployment's outputs. A resource Proton
 * provisions itself, or a deployment that is not the one in progress, is refused.
 */
function notify(
  ctx: OperationContext,
  input: NotifyResourceDeploymentStatusChangeInput,
): NotifyResourceDeploymentStatusChangeOutput {
  const arn = input.resourceArn as string;
  const { kind, record } = deployableOf(ctx, arn);
  const ref = kind.ref(ctx, record);
  if (settlesItself(ref))
    throw validation(
      `${arn} is not provisioned through a repository (self-managed): Proton reports its deployments.`,
    );
  const id = input.deploymentId ?? (record.lastAttemptedDeploymentId as string);
  const deployment = deploymentsOf(ctx.partition)[id];
  if (!deployment || deployment.targetArn !== arn)
    throw notFound(`The deployment ${id} of ${arn} was not found.`);
  if (id !== record.lastAttemptedDeploymentId || deployment.deploymentStatus !== "IN_PROGRESS")
    throw conflict(`The deployment ${id} is ${deployment.deploymentStatus}, not the deployment in progress.`);
  const outputs = sortedOutputs([...deployment.outputs, ...((input.outputs ?? []) as OutputRecord[])]);
  const status = input.status ?? "IN_PROGRESS";
  if (status === "IN_PROGRESS") {
    Object.assign(deployment, { outputs, lastModifiedAt: ctx.now() });
    if (input.statusMessage !== undefined) {
      deployment.deploymentStatusMessage = input.statusMessage;
      record.deploymentStatusMessage = input.statusMessage;
    }
    return {};
  }
  finishDeployment(ctx, record, ref, { status, message: input.statusMessage, outputs });
  if (ref.names.serviceName !== undefined) reconcileService(ctx, ref.names.serviceName);
  return {};
}

export const deployments: EntityModule = {
  operations: {
    GetDeployment: get,
    ListDeployments: list,
    DeleteDeployment: remove,
    NotifyResourceDeploymentStatusChange: notify,
  },
};
