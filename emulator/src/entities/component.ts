/**
 * Components (directly defined): an IaC file and its manifest, attached to a service instance or
 * associated with an environment alone, deployed by the shared deployment state machine under the
 * component role of its environment (or of the environment's account connection).
 *
 * Attached, a component reads its instance's inputs (from its serviceSpec, else the instance's own
 * spec); it can't be deleted or moved to another instance, and keeps its instance, service and
 * environment from being deleted. Detaching (UpdateComponent with empty service names) is a
 * CURRENT_VERSION deployment; a detached component can be deleted or attached to an instance of its
 * environment. CloudFormation components are provisioned by Proton, Terraform components by the
 * customer's automation in self-managed environments (their deployments end by notification).
 */
import type {
  CancelComponentDeploymentInput,
  CancelComponentDeploymentOutput,
  Component,
  ComponentSummary,
  CreateComponentInput,
  CreateComponentOutput,
  DeleteComponentInput,
  DeleteComponentOutput,
  GetComponentInput,
  GetComponentOutput,
  ListComponentOutputsInput,
  ListComponentOutputsOutput,
  ListComponentProvisionedResourcesInput,
  ListComponentsInput,
  ListComponentsOutput,
  UpdateComponentInput,
  UpdateComponentOutput,
} from "@aws-sdk/client-proton";
import { arnResource } from "../arn";
import { rememberDeletion, replayDeletion } from "../deletions";
import { conflict, ProtonError, validation } from "../errors";
import type { EntityModule, OperationContext } from "../operations";
import { paginate, sortByKey } from "../pagination";
import {
  componentsAttachedTo,
  componentsOf,
  findComponent,
  type Attachment,
  type ComponentEngine,
  type ComponentRecord,
} from "./component.records";
import { deployCloudFormation, manifestEngine, type ComponentParameters } from "./componentIac";
import {
  assertNotBusy,
  cancelDeployment,
  date,
  deleteSettler,
  deploymentSettlers,
  dropDeployments,
  isBusy,
  outputsPage,
  provisionedResourcesPage,
  startDelete,
  startDeployment,
  type DeployableKind,
} from "./deployment";
import { deploymentsOf, type ComponentState } from "./deployment.records";
import { connectionsOf } from "./environmentAccountConnection.records";
import { findEnvironment, type EnvironmentRecord } from "./environment.records";
import { findInstance } from "./serviceInstance.records";
import { parseServiceSpec, type SpecInputs } from "./serviceSpec";
import { templatesOf } from "./templates.records";
import { defined, omit } from "./views";

const PREFIX = "component";

/** The service instance a component is attached to, if any. */
const attachmentOf = (record: ComponentState): Attachment | undefined =>
  record.serviceName && record.serviceInstanceName
    ? { serviceName: record.serviceName, serviceInstanceName: record.serviceInstanceName }
    : undefined;

const instanceLabel = (a: Attachment) =>
  `service instance ${a.serviceInstanceName} of service ${a.serviceName}`;

/** The members a component deployment deploys (the model's ComponentState). */
const STATE_MEMBERS = ["serviceName", "serviceInstanceName", "serviceSpec", "templateFile"] as const;

function restore(record: ComponentRecord, state: ComponentState): void {
  for (const key of STATE_MEMBERS) {
    const value = state[key];
    if (value !== undefined) record[key] = value;
    else if (key !== "templateFile") delete record[key];
  }
}

/** The inputs an attached component reads: its instance's entry in its serviceSpec, else in the instance's spec. */
function instanceInputs(ctx: OperationContext, record: ComponentRecord, attachment: Attachment): SpecInputs {
  const instance = findInstance(ctx, attachment.serviceName, attachment.serviceInstanceName);
  const spec = record.serviceSpec ?? instance.spec;
  if (spec === undefined) return {};
  return (
    parseServiceSpec(spec).instances.find((e) => e.name === attachment.serviceInstanceName)?.inputs ?? {}
  );
}

/** The parameter namespace the component's IaC file is rendered with. */
function parametersOf(ctx: OperationContext, record: ComponentRecord): ComponentParameters {
  const environment = findEnvironment(ctx, record.environmentName);
  const success =
    environment.lastSucceededDeploymentId === undefined
      ? undefined
      : deploymentsOf(ctx.partition)[environment.lastSucceededDeploymentId];
  const parameters: ComponentParameters = {
    component: { name: record.name },
    environment: {
      name: environment.name,
      outputs: Object.fromEntries((success?.outputs ?? []).map((o) => [o.key, o.valueString])),
    },
  };
  const attachment = attachmentOf(record);
  if (attachment) {
    parameters.service = { name: attachment.serviceName };
    parameters.service_instance = {
      name: attachment.serviceInstanceName,
      inputs: instanceInputs(ctx, record, attachment),
    };
  }
  return parameters;
}

/** What deploying the component's CloudFormation template would give (Terraform: the notifications decide). */
const cloudFormationRun = (ctx: OperationContext, record: ComponentRecord) =>
  record.engine === "CLOUDFORMATION"
    ? deployCloudFormation(record.templateFile, parametersOf(ctx, record))
    : undefined;

/**
 * Components as the deployment state machine addresses them (work target and fail-next subjects: the
 * name or ARN). The manifest decides who provisions: CloudFormation, Proton (a stack in the
 * environment's account); Terraform, the customer's automation (self-managed).
 */
export const componentKind: DeployableKind<ComponentRecord> = {
  prefix: PREFIX,
  type: "COMPONENT",
  find: (ctx, name) => componentsOf(ctx.partition)[name],
  byArn: (ctx, arn) => Object.values(componentsOf(ctx.partition)).find((record) => record.arn === arn),
  ref(ctx, record) {
    const environment = findEnvironment(ctx, record.environmentName);
    return {
      prefix: PREFIX,
      target: record.name,
      subjects: [record.name, record.arn],
      type: "COMPONENT",
      arn: record.arn,
      names: {
        environmentName: record.environmentName,
        ...attachmentOf(record),
        componentName: record.name,
      },
      provisioning: record.engine === "TERRAFORM" ? "SELF_MANAGED" : "CLOUDFORMATION",
      account: environment.environmentAccountId ?? ctx.accountId,
      snapshot: () => ({ component: defined(Object.fromEntries(STATE_MEMBERS.map((k) => [k, record[k]]))) }),
      restore: (state) => restore(record, state.component ?? {}),
      outputs: () => {
        const run = cloudFormationRun(ctx, record);
        return run && "outputs" in run ? run.outputs : [];
      },
      failure: () => {
        const run = cloudFormationRun(ctx, record);
        return run && "failure" in run ? run.failure : undefined;
      },
    };
  },
};

function view(record: ComponentRecord): Component {
  return defined({
    name: record.name,
    description: record.description,
    arn: record.arn,
    environmentName: record.environmentName,
    serviceName: record.serviceName,
    serviceInstanceName: record.serviceInstanceName,
    createdAt: date(record.createdAt),
    lastModifiedAt: date(record.lastModifiedAt),
    lastDeploymentAttemptedAt: date(record.lastDeploymentAttemptedAt),
    lastDeploymentSucceededAt:
      record.lastDeploymentSucceededAt === undefined ? undefined : date(record.lastDeploymentSucceededAt),
    deploymentStatus: record.deploymentStatus,
    deploymentStatusMessage: record.deploymentStatusMessage,
    serviceSpec: record.serviceSpec,
    lastClientRequestToken: record.lastClientRequestToken,
    lastAttemptedDeploymentId: record.lastAttemptedDeploymentId,
    lastSucceededDeploymentId: record.lastSucceededDeploymentId,
  });
}

const summary = (record: ComponentRecord): ComponentSummary =>
  omit(view(record), "description", "serviceSpec", "lastClientRequestToken");

// ---------------------------------------------------------------------------------------------------
// Checks (everything is checked before anything changes)

/**
 * The component role: an environment provisioned through an environment account connection takes the
 * connection's (the role lives in the environment account), any other environment its own.
 */
function checkComponentRole(ctx: OperationContext, environment: EnvironmentRecord): void {
  const connectionId = environment.environmentAccountConnectionId;
  if (connectionId !== undefined) {
    if (connectionsOf(ctx.partition)[connectionId]?.componentRoleArn === undefined)
      throw validation(
        `The environment account connection ${connectionId} of environment ${environment.name} has no ` +
          "componentRoleArn: directly defined components need one.",
      );
    return;
  }
  if (environment.componentRoleArn === undefined)
    throw validation(
      `The environment ${environment.name} has no componentRoleArn: directly defined components need one.`,
    );
}

/** An environment a component can be deployed in: not going away, a component role, a matching engine. */
function checkEnvironment(ctx: OperationContext, environment: EnvironmentRecord, engine: ComponentEngine) {
  if (environment.deploymentStatus === "DELETE_IN_PROGRESS")
    throw conflict(`The environment ${environment.name} is being deleted.`);
  checkComponentRole(ctx, environment);
  const selfManaged = environment.provisioningRepository !== undefined;
  if (engine === "TERRAFORM" && !selfManaged)
    throw validation(
      `A Terraform component needs an environment with self-managed provisioning; ${environment.name} is not one.`,
    );
  if (engine === "CLOUDFORMATION" && selfManaged)
    throw validation(
      `The environment ${environment.name} uses self-managed provisioning: its components must be Terraform.`,
    );
}

/** A service instance the component `name` can be attached to. */
function checkAttachable(ctx: OperationContext, attachment: Attachment, name: string): void {
  const instance = findInstance(ctx, attachment.serviceName, attachment.serviceInstanceName);
  if (isBusy(instance))
    throw conflict(
      `The ${instanceLabel(attachment)} has a deployment ${instance.deploymentStatus}; a component can't attach to it now.`,
    );
  const version = `${instance.templateMajorVersion}.${instance.templateMinorVersion}`;
  const sources = templatesOf(ctx.partition, "service")[instance.templateName]?.versions[version]
    ?.supportedComponentSources;
  if (!sources?.includes("DIRECTLY_DEFINED"))
    throw validation(
      `The ${instanceLabel(attachment)} runs service template ${instance.templateName}:${version}, whose ` +
        "supportedComponentSources don't include DIRECTLY_DEFINED.",
    );
  const other = componentsAttachedTo(
    ctx.partition,
    attachment.serviceName,
    attachment.serviceInstanceName,
  ).find((held) => held.component.name !== name);
  if (other)
    throw conflict(
      `The ${instanceLabel(attachment)} already has component ${other.component.name} attached; an instance takes one component.`,
    );
}

/** Proton refuses changes to a component while the instance it is attached to deploys. */
function checkInstanceIdle(ctx: OperationContext, attachment: Attachment, name: string): void {
  const instance = findInstance(ctx, attachment.serviceName, attachment.serviceInstanceName);
  if (instance.deploymentStatus === "IN_PROGRESS")
    throw conflict(
      `The component ${name} can't be changed while its ${instanceLabel(attachment)} is IN_PROGRESS.`,
    );
}

/** A serviceSpec: only for an attached component, a service spec with an entry for its instance. */
function checkServiceSpec(
  spec: string | undefined,
  attachment: Attachment | undefined,
  environmentName: string,
) {
  if (spec === undefined) return;
  if (!attachment) throw validation("serviceSpec applies to components attached to a service instance only.");
  let entry;
  try {
    entry = parseServiceSpec(spec).instances.find((e) => e.name === attachment.serviceInstanceName);
  } catch (error) {
    // The spec is sensitive: name the problem, never quote the document.
    if (error instanceof ProtonError) throw validation(`serviceSpec: ${error.message.split("\n")[0]}`);
    throw error;
  }
  if (!entry)
    throw validation(`The serviceSpec has no entry for service instance ${attachment.serviceInstanceName}.`);
  if (entry.environment !== environmentName)
    throw validation(
      `The serviceSpec places ${attachment.serviceInstanceName} in environment ${entry.environment}, not ${environmentName}.`,
    );
}

/** Where a new component goes: its environment and, when attached, its instance (whose environment it takes). */
function placementOf(
  ctx: OperationContext,
  input: CreateComponentInput,
): { environment: EnvironmentRecord; attachment?: Attachment } {
  const { serviceName, serviceInstanceName, environmentName } = input;
  if ((serviceName === undefined) !== (serviceInstanceName === undefined))
    throw validation("Specify both serviceName and serviceInstanceName, or neither.");
  if (serviceName === undefined || serviceInstanceName === undefined) {
    if (environmentName === undefined)
      throw validation(
        "Specify environmentName, or serviceName and serviceInstanceName to attach the component.",
      );
    return { environment: findEnvironment(ctx, environmentName) };
  }
  const instance = findInstance(ctx, serviceName, serviceInstanceName);
  if (environmentName !== undefined && environmentName !== instance.environmentName)
    throw validation(
      `Service instance ${serviceInstanceName} runs in environment ${instance.environmentName}, not ${environmentName}.`,
    );
  return {
    environment: findEnvironment(ctx, instance.environmentName),
    attachment: { serviceName, serviceInstanceName },
  };
}

/** UpdateComponent's attachment request: undefined keeps it, null detaches, else the instance to attach to. */
function requestedAttachment(input: UpdateComponentInput): Attachment | null | undefined {
  const { serviceName, serviceInstanceName } = input;
  if (serviceName === undefined && serviceInstanceName === undefined) return undefined;
  if (
    serviceName === undefined ||
    serviceInstanceName === undefined ||
    (serviceName === "") !== (serviceInstanceName === "")
  )
    throw validation(
      "Specify serviceName and serviceInstanceName together: both empty to detach, both set to attach.",
    );
  return serviceName === "" ? null : { serviceName, serviceInstanceName };
}

/** What an UpdateComponent with CURRENT_VERSION deploys, after checking the attachment it asks for. */
function targetOf(
  ctx: OperationContext,
  record: ComponentRecord,
  input: UpdateComponentInput,
): ComponentState {
  checkEnvironment(ctx, findEnvironment(ctx, record.environmentName), record.engine);
  const current = attachmentOf(record);
  const requested = requestedAttachment(input);
  const same = (a?: Attachment, b?: Attachment) =>
    a?.serviceName === b?.serviceName && a?.serviceInstanceName === b?.serviceInstanceName;
  let attachment = current;
  if (requested === null) attachment = undefined;
  else if (requested && !same(requested, current)) {
    if (current)
      throw conflict(
        `The component ${record.name} is attached to ${instanceLabel(current)}: detach it first ` +
          `(empty serviceName and serviceInstanceName), then attach it to ${requested.serviceInstanceName}.`,
      );
    const instance = findInstance(ctx, requested.serviceName, requested.serviceInstanceName);
    if (instance.environmentName !== record.environmentName)
      throw validation(
        `The ${instanceLabel(requested)} runs in environment ${instance.environmentName}; component ` +
          `${record.name} belongs to environment ${record.environmentName} and can't move.`,
      );
    checkAttachable(ctx, requested, record.name);
    attachment = requested;
  }
  checkServiceSpec(input.serviceSpec, attachment, record.environmentName);
  const kept = attachment !== undefined && same(attachment, current);
  return {
    serviceName: attachment?.serviceName,
    serviceInstanceName: attachment?.serviceInstanceName,
    serviceSpec: attachment ? (input.serviceSpec ?? (kept ? record.serviceSpec : undefined)) : undefined,
    templateFile: input.templateFile ?? record.templateFile,
  };
}

/** Puts `target` on the record and starts deploying it (the ref names the attachment deployed). */
function deploy(ctx: OperationContext, record: ComponentRecord, target: ComponentState): void {
  Object.assign(record, target);
  startDeployment(ctx, record, componentKind.ref(ctx, record), target);
}

// ---------------------------------------------------------------------------------------------------
// Operations

function create(ctx: OperationContext, input: CreateComponentInput): CreateComponentOutput {
  const name = input.name as string;
  ctx.idempotent(input.clientToken, input, () => {
    if (componentsOf(ctx.partition)[name]) throw conflict(`The component ${name} already exists.`);
    const { environment, attachment } = placementOf(ctx, input);
    const engine = manifestEngine(input.manifest as string);
    checkEnvironment(ctx, environment, engine);
    if (attachment) checkAttachable(ctx, attachment, name);
    checkServiceSpec(input.serviceSpec, attachment, environment.name);

    const now = ctx.now();
    const record: ComponentRecord = {
      name,
      arn: ctx.arn(arnResource.component(name)),
      description: input.description || undefined,
      environmentName: environment.name,
      templateFile: input.templateFile as string,
      manifest: input.manifest as string,
      engine,
      deploymentStatus: "IN_PROGRESS",
      createdAt: now,
      lastModifiedAt: now,
      lastDeploymentAttemptedAt: now,
      lastClientRequestToken: input.clientToken,
    };
    componentsOf(ctx.partition)[name] = record;
    ctx.tags.register(record.arn, input.tags);
    deploy(ctx, record, { ...attachment, serviceSpec: input.serviceSpec, templateFile: record.templateFile });
    return null;
  });
  return { component: view(findComponent(ctx, name)) };
}

function update(ctx: OperationContext, input: UpdateComponentInput): UpdateComponentOutput {
  const name = input.name as string;
  ctx.idempotent(input.clientToken, input, () => {
    const record = findComponent(ctx, name);
    assertNotBusy(record, `The component ${name}`);
    const current = attachmentOf(record);
    if (current) checkInstanceIdle(ctx, current, name);
    let target: ComponentState | undefined;
    if (input.deploymentType === "NONE") {
      const deploying = STATE_MEMBERS.filter((key) => input[key] !== undefined);
      if (deploying.length > 0)
        throw validation(
          `deploymentType NONE updates the description only: don't include ${deploying.join(", ")}.`,
        );
    } else target = targetOf(ctx, record, input);

    // An empty description clears it.
    if (input.description !== undefined) record.description = input.description || undefined;
    if (input.clientToken !== undefined) record.lastClientRequestToken = input.clientToken;
    record.lastModifiedAt = ctx.now();
    if (target) deploy(ctx, record, target);
    return null;
  });
  return { component: view(findComponent(ctx, name)) };
}

function remove(ctx: OperationContext, input: DeleteComponentInput): DeleteComponentOutput {
  const name = input.name as string;
  const record = componentsOf(ctx.partition)[name];
  if (!record)
    return replayDeletion(ctx, ctx.arn(arnResource.component(name)), () => findComponent(ctx, name));
  if (record.deploymentStatus === "DELETE_IN_PROGRESS") return { component: view(record) };
  assertNotBusy(record, `The component ${name}`);
  const attachment = attachmentOf(record);
  if (attachment)
    throw conflict(
      `The component ${name} is attached to ${instanceLabel(attachment)}; detach it first ` +
        "(UpdateComponent with empty serviceName and serviceInstanceName).",
    );
  startDelete(ctx, record, componentKind.ref(ctx, record));
  record.lastModifiedAt = ctx.now();
  return { component: view(record) };
}

function cancel(
  ctx: OperationContext,
  input: CancelComponentDeploymentInput,
): CancelComponentDeploymentOutput {
  const record = findComponent(ctx, input.componentName as string);
  cancelDeployment(ctx, record, componentKind.ref(ctx, record), `The component ${record.name}`);
  return { component: view(record) };
}

/** ListComponents: every filter given must match; the model lists no ResourceNotFoundException, so unknown names match nothing. */
function list(ctx: OperationContext, input: ListComponentsInput): ListComponentsOutput {
  if (input.serviceInstanceName !== undefined && input.serviceName === undefined)
    throw validation("serviceInstanceName needs serviceName: instance names are unique per service only.");
  const filters = (["environmentName", "serviceName", "serviceInstanceName"] as const).filter(
    (key) => input[key] !== undefined,
  );
  const matches = Object.values(componentsOf(ctx.partition)).filter((record) =>
    filters.every((key) => record[key] === input[key]),
  );
  const key = (record: ComponentRecord) => record.name;
  const page = paginate(sortByKey(matches, key), input, key);
  return { components: page.items.map(summary), nextToken: page.nextToken };
}

function listOutputs(ctx: OperationContext, input: ListComponentOutputsInput): ListComponentOutputsOutput {
  const record = findComponent(ctx, input.componentName as string);
  return outputsPage(ctx, record, record.arn, input.deploymentId);
}

export const component: EntityModule = {
  operations: {
    CreateComponent: create,
    GetComponent: (ctx, input: GetComponentInput): GetComponentOutput => ({
      component: view(findComponent(ctx, input.name as string)),
    }),
    UpdateComponent: update,
    DeleteComponent: remove,
    ListComponents: list,
    CancelComponentDeployment: cancel,
    ListComponentOutputs: listOutputs,
    ListComponentProvisionedResources: (ctx, input: ListComponentProvisionedResourcesInput) =>
      provisionedResourcesPage(ctx, findComponent(ctx, input.componentName as string)),
  },
  settlers: {
    ...deploymentSettlers(componentKind),
    ...deleteSettler(componentKind, (ctx, record) => {
      delete componentsOf(ctx.partition)[record.name];
      ctx.tags.drop(record.arn);
      dropDeployments(ctx, record.arn);
      rememberDeletion(ctx, record.arn);
    }),
  },
};
