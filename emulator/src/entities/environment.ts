/**
 * Environments: created from a PUBLISHED environment template version and deployed by the shared
 * deployment state machine. Provisioning is AWS-managed (a Proton service role, or a CONNECTED
 * environment account connection), CodeBuild-based (codebuildRoleArn) or self-managed
 * (provisioningRepository); templates with `provisioning: CUSTOMER_MANAGED` need none of them.
 */
import type {
  CancelEnvironmentDeploymentInput,
  CancelEnvironmentDeploymentOutput,
  CreateEnvironmentInput,
  CreateEnvironmentOutput,
  DeleteEnvironmentInput,
  DeleteEnvironmentOutput,
  Environment,
  EnvironmentSummary,
  GetEnvironmentInput,
  GetEnvironmentOutput,
  ListEnvironmentOutputsInput,
  ListEnvironmentOutputsOutput,
  ListEnvironmentProvisionedResourcesInput,
  ListEnvironmentsInput,
  ListEnvironmentsOutput,
  RepositoryBranchInput,
  UpdateEnvironmentInput,
  UpdateEnvironmentOutput,
} from "@aws-sdk/client-proton";
import { arnResource } from "../arn";
import { rememberDeletion, replayDeletion } from "../deletions";
import { conflict, validation } from "../errors";
import { markModified, rememberCreation, replayCreation } from "../idempotency";
import type { EntityModule, OperationContext } from "../operations";
import { paginate, sortByKey } from "../pagination";
import {
  environmentsOf,
  findEnvironment,
  provisioningOf,
  type EnvironmentRecord,
} from "./environment.records";
import { componentsIn } from "./component.records";
import { repositoryBranch } from "./repository";
import { allInstancesOf } from "./serviceInstance.records";
import {
  assertNotBusy,
  cancelDeployment,
  catalogOf,
  currentTarget,
  deleteSettler,
  deploymentSettlers,
  deploymentView,
  dropDeployments,
  firstTarget,
  newDeployable,
  outputsPage,
  planUpdate,
  provisionedResourcesPage,
  startDelete,
  startDeployment,
  templateOf,
  type DeployableKind,
  type DeploymentType,
} from "./deployment";
import { usableConnection } from "./environmentAccountConnection";
import { parseEnvironmentSpec } from "./serviceSpec";
import { checkSpecInputs, deployedInputs } from "./specInputs";
import { omit } from "./views";

const PREFIX = "environment";

/** Environments as the deployment state machine addresses them (work target and fail-next subjects: the name). */
export const environmentKind: DeployableKind<EnvironmentRecord> = {
  prefix: PREFIX,
  type: "ENVIRONMENT",
  find: (ctx, name) => environmentsOf(ctx.partition)[name],
  byArn: (ctx, arn) => Object.values(environmentsOf(ctx.partition)).find((record) => record.arn === arn),
  ref: (ctx, record) => ({
    prefix: PREFIX,
    target: record.name,
    subjects: [record.name, record.arn],
    type: "ENVIRONMENT",
    arn: record.arn,
    names: { environmentName: record.name },
    provisioning: provisioningOf(record),
    account: record.environmentAccountId ?? ctx.accountId,
    inputsOf: (spec) => deployedInputs(ctx, "environment", record, parseEnvironmentSpec(spec)),
  }),
};

interface ProvisioningInput {
  protonServiceRoleArn?: string;
  environmentAccountConnectionId?: string;
  codebuildRoleArn?: string;
  provisioningRepository?: RepositoryBranchInput;
}

/** Create-time provisioning rules (see CreateEnvironment in the API reference). */
function checkProvisioning(input: ProvisioningInput, customerManaged: boolean): void {
  const { protonServiceRoleArn, environmentAccountConnectionId, codebuildRoleArn, provisioningRepository } =
    input;
  if (protonServiceRoleArn !== undefined && environmentAccountConnectionId !== undefined) {
    throw validation("Specify either protonServiceRoleArn or environmentAccountConnectionId, not both.");
  }
  if (provisioningRepository !== undefined) {
    if (protonServiceRoleArn !== undefined || environmentAccountConnectionId !== undefined) {
      throw validation(
        "Self-managed provisioning (provisioningRepository) excludes protonServiceRoleArn and environmentAccountConnectionId.",
      );
    }
    return;
  }
  const provisioner = protonServiceRoleArn ?? environmentAccountConnectionId ?? codebuildRoleArn;
  if (provisioner === undefined && !customerManaged) {
    throw validation(
      "Specify protonServiceRoleArn, environmentAccountConnectionId or codebuildRoleArn (or provisioningRepository).",
    );
  }
}

function view(record: EnvironmentRecord): Environment {
  return {
    name: record.name,
    arn: record.arn,
    description: record.description,
    ...deploymentView(record),
    protonServiceRoleArn: record.protonServiceRoleArn,
    environmentAccountConnectionId: record.environmentAccountConnectionId,
    environmentAccountId: record.environmentAccountId,
    provisioning: record.provisioning,
    provisioningRepository: record.provisioningRepository,
    componentRoleArn: record.componentRoleArn,
    codebuildRoleArn: record.codebuildRoleArn,
  };
}

const summary = (record: EnvironmentRecord): EnvironmentSummary =>
  omit(view(record), "spec", "provisioningRepository", "codebuildRoleArn");

function create(ctx: OperationContext, input: CreateEnvironmentInput): CreateEnvironmentOutput {
  const name = input.name as string;
  const existing = environmentsOf(ctx.partition)[name];
  // A same-parameters retry answers the environment as it is: no second deployment.
  if (existing)
    return replayCreation(ctx.partition, existing.arn, input, `environment ${name}`, () => ({
      environment: view(existing),
    }));
  const { template, target } = firstTarget(ctx, "environment", input);
  const inputs = parseEnvironmentSpec(target.spec);
  checkSpecInputs(
    ctx,
    "environment",
    { templateName: template.name, ...target },
    inputs,
    `environment ${name}`,
  );
  checkProvisioning(input, template.provisioning === "CUSTOMER_MANAGED");
  const connection =
    input.environmentAccountConnectionId === undefined
      ? undefined
      : usableConnection(ctx, input.environmentAccountConnectionId, name);

  const record: EnvironmentRecord = {
    name,
    arn: ctx.arn(arnResource.environment(name)),
    description: input.description,
    ...newDeployable(ctx, template.name, target),
    protonServiceRoleArn: input.protonServiceRoleArn,
    environmentAccountConnectionId: connection?.id,
    environmentAccountId: connection?.environmentAccountId,
    provisioning: template.provisioning,
    provisioningRepository:
      input.provisioningRepository === undefined
        ? undefined
        : repositoryBranch(ctx, input.provisioningRepository),
    componentRoleArn: input.componentRoleArn,
    codebuildRoleArn: input.codebuildRoleArn,
  };
  environmentsOf(ctx.partition)[name] = record;
  startDeployment(ctx, record, environmentKind.ref(ctx, record), target);
  ctx.tags.register(record.arn, input.tags);
  rememberCreation(ctx.partition, record.arn, input);
  return { environment: view(record) };
}

const get = (ctx: OperationContext, input: GetEnvironmentInput): GetEnvironmentOutput => ({
  environment: view(findEnvironment(ctx, input.name as string)),
});

/** Metadata changes UpdateEnvironment allows, checked against how the environment is provisioned. */
function checkProvisioningUpdate(
  ctx: OperationContext,
  record: EnvironmentRecord,
  input: UpdateEnvironmentInput,
): void {
  const { protonServiceRoleArn, environmentAccountConnectionId, provisioningRepository } = input;
  if (protonServiceRoleArn !== undefined && environmentAccountConnectionId !== undefined) {
    throw validation("Update either protonServiceRoleArn or environmentAccountConnectionId, not both.");
  }
  const selfManaged = record.provisioningRepository !== undefined;
  if (provisioningRepository !== undefined && !selfManaged) {
    throw validation("provisioningRepository applies to self-managed environments only.");
  }
  if (selfManaged && (protonServiceRoleArn !== undefined || environmentAccountConnectionId !== undefined)) {
    throw validation("A self-managed environment takes provisioningRepository, not a role or connection.");
  }
  if (protonServiceRoleArn !== undefined && record.environmentAccountConnectionId !== undefined) {
    throw validation(
      "The environment uses an environment account connection: update environmentAccountConnectionId.",
    );
  }
  if (environmentAccountConnectionId !== undefined) {
    if (record.environmentAccountConnectionId === undefined) {
      throw validation("The environment isn't associated with an environment account connection.");
    }
    const connection = usableConnection(ctx, environmentAccountConnectionId, record.name);
    if (connection.environmentAccountId !== record.environmentAccountId) {
      throw validation(
        `The environment account connection ${connection.id} is from account ${connection.environmentAccountId}, ` +
          `not ${record.environmentAccountId ?? ""}.`,
      );
    }
  }
}

function update(ctx: OperationContext, input: UpdateEnvironmentInput): UpdateEnvironmentOutput {
  const record = findEnvironment(ctx, input.name as string);
  assertNotBusy(record, `The environment ${record.name}`);
  checkProvisioningUpdate(ctx, record, input);
  const catalog = catalogOf(templateOf(ctx, "environment", record.templateName));
  const target = planUpdate(
    currentTarget(record),
    { ...input, deploymentType: input.deploymentType as DeploymentType },
    catalog,
  );
  if (input.spec !== undefined) parseEnvironmentSpec(input.spec);
  if (target !== undefined) {
    const ref = { templateName: record.templateName, ...target };
    checkSpecInputs(ctx, "environment", ref, parseEnvironmentSpec(target.spec), `environment ${record.name}`);
  }

  record.description = input.description ?? record.description;
  record.protonServiceRoleArn = input.protonServiceRoleArn ?? record.protonServiceRoleArn;
  record.environmentAccountConnectionId =
    input.environmentAccountConnectionId ?? record.environmentAccountConnectionId;
  record.componentRoleArn = input.componentRoleArn ?? record.componentRoleArn;
  record.codebuildRoleArn = input.codebuildRoleArn ?? record.codebuildRoleArn;
  if (input.provisioningRepository !== undefined) {
    record.provisioningRepository = repositoryBranch(ctx, input.provisioningRepository);
  }
  if (target !== undefined) startDeployment(ctx, record, environmentKind.ref(ctx, record), target);
  markModified(ctx.partition, record.arn);
  return { environment: view(record) };
}

function remove(ctx: OperationContext, input: DeleteEnvironmentInput): DeleteEnvironmentOutput {
  const name = input.name as string;
  const record = environmentsOf(ctx.partition)[name];
  if (!record)
    return replayDeletion(ctx, ctx.arn(arnResource.environment(name)), () => findEnvironment(ctx, name));
  if (record.deploymentStatus === "DELETE_IN_PROGRESS") return { environment: view(record) };
  assertNotBusy(record, `The environment ${record.name}`);
  const hosted = Object.values(allInstancesOf(ctx.partition)).find(
    (instance) => instance.environmentName === record.name,
  );
  if (hosted) {
    throw conflict(
      `The environment ${record.name} can't be deleted: service instance ${hosted.name} of service ` +
        `${hosted.serviceName} is deployed in it.`,
    );
  }
  // The user guide: an environment with any associated component can't be deleted.
  const [associated] = componentsIn(ctx.partition, record.name);
  if (associated) {
    throw conflict(
      `The environment ${record.name} can't be deleted: component ${associated.name} is associated with it; ` +
        "delete the component first.",
    );
  }
  startDelete(ctx, record, environmentKind.ref(ctx, record));
  markModified(ctx.partition, record.arn);
  return { environment: view(record) };
}

function cancel(
  ctx: OperationContext,
  input: CancelEnvironmentDeploymentInput,
): CancelEnvironmentDeploymentOutput {
  const record = findEnvironment(ctx, input.environmentName as string);
  cancelDeployment(ctx, record, environmentKind.ref(ctx, record), `The environment ${record.name}`);
  markModified(ctx.partition, record.arn);
  return { environment: view(record) };
}

function list(ctx: OperationContext, input: ListEnvironmentsInput): ListEnvironmentsOutput {
  const filters = input.environmentTemplates ?? [];
  const matches = Object.values(environmentsOf(ctx.partition)).filter(
    (record) =>
      filters.length === 0 ||
      filters.some(
        (filter) =>
          filter.templateName === record.templateName && filter.majorVersion === record.templateMajorVersion,
      ),
  );
  const key = (record: EnvironmentRecord) => record.name;
  const page = paginate(sortByKey(matches, key), input, key);
  return { environments: page.items.map(summary), nextToken: page.nextToken };
}

function listOutputs(
  ctx: OperationContext,
  input: ListEnvironmentOutputsInput,
): ListEnvironmentOutputsOutput {
  const record = findEnvironment(ctx, input.environmentName as string);
  return outputsPage(ctx, record, record.arn, input.deploymentId);
}

export const environment: EntityModule = {
  operations: {
    CreateEnvironment: create,
    GetEnvironment: get,
    UpdateEnvironment: update,
    DeleteEnvironment: remove,
    ListEnvironments: list,
    CancelEnvironmentDeployment: cancel,
    ListEnvironmentOutputs: listOutputs,
    ListEnvironmentProvisionedResources: (ctx, input: ListEnvironmentProvisionedResourcesInput) =>
      provisionedResourcesPage(ctx, findEnvironment(ctx, input.environmentName as string)),
  },
  settlers: {
    ...deploymentSettlers(environmentKind),
    ...deleteSettler(environmentKind, (ctx, record) => {
      delete environmentsOf(ctx.partition)[record.name];
      ctx.tags.drop(record.arn);
      dropDeployments(ctx, record.arn);
      rememberDeletion(ctx, record.arn);
    }),
  },
};
