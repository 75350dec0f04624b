/**
 * Environment and service templates and their versions: one implementation parameterized by kind.
 * Versions register asynchronously (REGISTRATION_IN_PROGRESS -> DRAFT, or REGISTRATION_FAILED when the
 * bundle in S3 is missing or broken, see templates.registration.ts, or a test asked fail-next for the
 * template or version).
 */
import type {
  CompatibleEnvironmentTemplateInput,
  CreateEnvironmentTemplateInput,
  CreateServiceTemplateInput,
  CreateServiceTemplateVersionInput,
  DeleteEnvironmentTemplateVersionInput,
  ListEnvironmentTemplateVersionsInput,
  ListEnvironmentTemplatesInput,
  UpdateEnvironmentTemplateInput,
  UpdateServiceTemplateVersionInput,
} from "@aws-sdk/client-proton";
import { arnResource } from "../arn";
import { rememberDeletion, replayDeletion } from "../deletions";
import { conflict, notFound, quotaExceeded, validation } from "../errors";
import { markModified, rememberCreation, replayCreation } from "../idempotency";
import type { EntityModule, OperationContext, OperationTable, Settler } from "../operations";
import { paginate, sortByKey } from "../pagination";
import type { Partition } from "../store";
import { versionsHeld } from "./deployment";
import type { DeploymentFields } from "./deployment.records";
import { environmentsOf } from "./environment.records";
import { servicesOf } from "./service.records";
import { allInstancesOf } from "./serviceInstance.records";
import {
  findTemplate,
  maxOf,
  recommendedMinor,
  recommendedVersion,
  templateLabel,
  templatesOf,
  versionId,
  versionsOf,
  type TemplateKind,
  type TemplateRecord,
  type TemplateVersionRecord,
} from "./templates.records";
import { planRegistration } from "./templates.registration";
import { defined, omit } from "./views";

/**
 * Proton's documented default quotas (per account and region), past which creation answers
 * ServiceQuotaExceededException: templates of both kinds together, and versions per template.
 */
export const TEMPLATE_QUOTA = 1000;
export const VERSIONS_PER_TEMPLATE_QUOTA = 1000;
const REGISTER = "templateVersion.register";

interface KindSpec {
  /** Operation name stem: Create<Stem>Template, Get<Stem>TemplateVersion... */
  stem: "Environment" | "Service";
  /** Output member holding one template / one version. */
  templateKey: "environmentTemplate" | "serviceTemplate";
  versionKey: "environmentTemplateVersion" | "serviceTemplateVersion";
  templateArn(name: string): string;
  versionArn(name: string, major: string, minor: string): string;
}

const kinds: Record<TemplateKind, KindSpec> = {
  environment: {
    stem: "Environment",
    templateKey: "environmentTemplate",
    versionKey: "environmentTemplateVersion",
    templateArn: arnResource.environmentTemplate,
    versionArn: arnResource.environmentTemplateVersion,
  },
  service: {
    stem: "Service",
    templateKey: "serviceTemplate",
    versionKey: "serviceTemplateVersion",
    templateArn: arnResource.serviceTemplate,
    versionArn: arnResource.serviceTemplateVersion,
  },
};

// Inputs are validated against the model before handlers run, so required members are present.
type Required<T, K extends keyof T> = T & { [P in K]-?: NonNullable<T[P]> };
type TemplateInput = Required<CreateEnvironmentTemplateInput & CreateServiceTemplateInput, "name">;
type UpdateTemplateInput = Required<UpdateEnvironmentTemplateInput, "name">;
type VersionRef = Required<
  DeleteEnvironmentTemplateVersionInput,
  "templateName" | "majorVersion" | "minorVersion"
>;
type CreateVersionInput = Required<Partial<CreateServiceTemplateVersionInput>, "templateName" | "source">;
type UpdateVersionInput = VersionRef & Partial<UpdateServiceTemplateVersionInput>;
type ListVersionsInput = Required<ListEnvironmentTemplateVersionsInput, "templateName">;

/** Numeric order for version ids held as strings ("10" after "9"). */
const sortKey = (v: TemplateVersionRecord) =>
  `${v.majorVersion.padStart(20, "0")}.${v.minorVersion.padStart(20, "0")}`;

function templateView(t: TemplateRecord) {
  return defined({
    name: t.name,
    arn: t.arn,
    description: t.description,
    displayName: t.displayName,
    encryptionKey: t.encryptionKey,
    provisioning: t.provisioning,
    pipelineProvisioning: t.pipelineProvisioning,
    recommendedVersion: recommendedVersion(t),
    createdAt: new Date(t.createdAt),
    lastModifiedAt: new Date(t.lastModifiedAt),
  });
}

function versionView(t: TemplateRecord, v: TemplateVersionRecord) {
  return defined({
    templateName: v.templateName,
    majorVersion: v.majorVersion,
    minorVersion: v.minorVersion,
    recommendedMinorVersion: recommendedMinor(t, v.majorVersion),
    status: v.status,
    statusMessage: v.statusMessage,
    description: v.description,
    arn: v.arn,
    createdAt: new Date(v.createdAt),
    lastModifiedAt: new Date(v.lastModifiedAt),
    schema: v.schema,
    compatibleEnvironmentTemplates: v.compatibleEnvironmentTemplates?.map((c) => ({ ...c })),
    supportedComponentSources: v.supportedComponentSources && [...v.supportedComponentSources],
  });
}

const summaryView = (t: TemplateRecord, v: TemplateVersionRecord) =>
  omit(versionView(t, v), "schema", "compatibleEnvironmentTemplates", "supportedComponentSources");

function findVersion(partition: Partition, kind: TemplateKind, ref: VersionRef) {
  const template = findTemplate(partition, kind, ref.templateName);
  const version = template.versions[versionId(ref.majorVersion, ref.minorVersion)];
  if (!version)
    throw notFound(
      `Version ${versionId(ref.majorVersion, ref.minorVersion)} of ${templateLabel(kind)} ${ref.templateName} was not found.`,
    );
  return { template, version };
}

/** Service template versions may only name environment template majors that have a version. */
function checkCompatible(partition: Partition, compatible: CompatibleEnvironmentTemplateInput[] | undefined) {
  for (const { templateName, majorVersion } of compatible ?? []) {
    const template = templatesOf(partition, "environment")[templateName as string];
    if (!template || versionsOf(template, majorVersion).length === 0)
      throw validation(
        `compatibleEnvironmentTemplates: environment template ${templateName} has no major version ${majorVersion}.`,
      );
  }
}

/** Who still uses a version (deployables, or service template versions naming an environment major). */
function usersOf(partition: Partition, kind: TemplateKind, v: TemplateVersionRecord): string[] {
  const isVersion = (r: {
    templateName: string;
    templateMajorVersion: string;
    templateMinorVersion: string;
  }) =>
    r.templateName === v.templateName &&
    r.templateMajorVersion === v.majorVersion &&
    r.templateMinorVersion === v.minorVersion;
  // A deployable also holds the version a running deployment would roll back to.
  const same = (r: DeploymentFields) => versionsHeld(partition, r).some(isVersion);
  if (kind === "environment") {
    const environments = Object.values(environmentsOf(partition))
      .filter(same)
      .map((e) => `environment ${e.name}`);
    const lastOfMajor =
      versionsOf(templatesOf(partition, "environment")[v.templateName], v.majorVersion).length === 1;
    const serviceVersions = lastOfMajor
      ? Object.values(templatesOf(partition, "service")).flatMap((t) =>
          Object.values(t.versions)
            .filter((sv) =>
              (sv.compatibleEnvironmentTemplates ?? []).some(
                (c) => c.templateName === v.templateName && c.majorVersion === v.majorVersion,
              ),
            )
            .map(
              (sv) =>
                `service template version ${sv.templateName}:${versionId(sv.majorVersion, sv.minorVersion)}`,
            ),
        )
      : [];
    return [...environments, ...serviceVersions];
  }
  return [
    ...Object.values(allInstancesOf(partition))
      .filter(same)
      .map((i) => `service instance ${i.serviceName}/${i.name}`),
    ...Object.values(servicesOf(partition))
      .filter((s) => isVersion(s) || (s.pipeline !== undefined && same(s.pipeline)))
      .map((s) => `service ${s.name}`),
  ];
}

function operationsFor(kind: TemplateKind): OperationTable {
  const spec = kinds[kind];
  const wrapTemplate = (t: TemplateRecord) => ({ [spec.templateKey]: templateView(t) });
  const wrapVersion = (t: TemplateRecord, v: TemplateVersionRecord) => ({
    [spec.versionKey]: versionView(t, v),
  });

  function createTemplate(ctx: OperationContext, input: TemplateInput) {
    const all = templatesOf(ctx.partition, kind);
    const existing = all[input.name];
    if (existing)
      return replayCreation(ctx.partition, existing.arn, input, `${templateLabel(kind)} ${input.name}`, () =>
        wrapTemplate(existing),
      );
    const count =
      Object.keys(templatesOf(ctx.partition, "environment")).length +
      Object.keys(templatesOf(ctx.partition, "service")).length;
    if (count >= TEMPLATE_QUOTA)
      throw quotaExceeded(
        `You have reached the quota of ${TEMPLATE_QUOTA} templates (environment and service).`,
      );
    const now = ctx.now();
    const template: TemplateRecord = defined({
      kind,
      name: input.name,
      arn: ctx.arn(spec.templateArn(input.name)),
      description: input.description,
      displayName: input.displayName,
      encryptionKey: input.encryptionKey,
      provisioning: kind === "environment" ? input.provisioning : undefined,
      pipelineProvisioning: kind === "service" ? input.pipelineProvisioning : undefined,
      createdAt: now,
      lastModifiedAt: now,
      versions: {},
    });
    all[input.name] = template;
    ctx.tags.register(template.arn, input.tags);
    rememberCreation(ctx.partition, template.arn, input);
    return wrapTemplate(template);
  }

  function updateTemplate(ctx: OperationContext, input: UpdateTemplateInput) {
    const template = findTemplate(ctx.partition, kind, input.name);
    if (input.description !== undefined) template.description = input.description;
    if (input.displayName !== undefined) template.displayName = input.displayName;
    template.lastModifiedAt = ctx.now();
    markModified(ctx.partition, template.arn);
    return wrapTemplate(template);
  }

  function deleteTemplate(ctx: OperationContext, input: UpdateTemplateInput) {
    const template = templatesOf(ctx.partition, kind)[input.name];
    if (!template)
      return replayDeletion(ctx, ctx.arn(spec.templateArn(input.name)), () =>
        findTemplate(ctx.partition, kind, input.name),
      );
    if (Object.keys(template.versions).length > 0)
      throw conflict(`The ${templateLabel(kind)} ${input.name} still has versions; delete them first.`);
    delete templatesOf(ctx.partition, kind)[input.name];
    ctx.tags.drop(template.arn);
    markModified(ctx.partition, template.arn);
    const output = wrapTemplate(template);
    rememberDeletion(ctx, template.arn, output);
    return output;
  }

  function listTemplates(ctx: OperationContext, input: ListEnvironmentTemplatesInput) {
    const sorted = sortByKey(Object.values(templatesOf(ctx.partition, kind)), (t) => t.name);
    const page = paginate(sorted, input, (t) => t.name);
    return defined({ templates: page.items.map(templateView), nextToken: page.nextToken });
  }

  function registerVersion(ctx: OperationContext, input: CreateVersionInput): string {
    const template = findTemplate(ctx.partition, kind, input.templateName);
    const existing = versionsOf(template);
    if (existing.length >= VERSIONS_PER_TEMPLATE_QUOTA)
      throw quotaExceeded(
        `The ${templateLabel(kind)} ${template.name} has reached the quota of ${VERSIONS_PER_TEMPLATE_QUOTA} versions.`,
      );
    if (kind === "service") checkCompatible(ctx.partition, input.compatibleEnvironmentTemplates);
    let major = input.majorVersion;
    let minor = "0";
    if (major === undefined) {
      major = String(BigInt(maxOf(existing.map((v) => v.majorVersion)) ?? "0") + 1n);
    } else {
      const inMajor = versionsOf(template, major);
      if (inMajor.length === 0)
        throw notFound(
          `The ${templateLabel(kind)} ${template.name} has no major version ${major} to add a minor version to.`,
        );
      minor = String(BigInt(maxOf(inMajor.map((v) => v.minorVersion)) as string) + 1n);
    }
    const s3 = input.source.s3 as { bucket: string; key: string };
    const now = ctx.now();
    const version: TemplateVersionRecord = defined({
      templateName: template.name,
      majorVersion: major,
      minorVersion: minor,
      arn: ctx.arn(spec.versionArn(template.name, major, minor)),
      status: "REGISTRATION_IN_PROGRESS",
      description: input.description,
      source: { bucket: s3.bucket, key: s3.key },
      createdAt: now,
      lastModifiedAt: now,
      compatibleEnvironmentTemplates:
        kind === "service"
          ? (input.compatibleEnvironmentTemplates ?? []).map((c) => ({
              templateName: c.templateName as string,
              majorVersion: c.majorVersion as string,
            }))
          : undefined,
      supportedComponentSources: kind === "service" ? input.supportedComponentSources : undefined,
    });
    const id = versionId(major, minor);
    template.versions[id] = version;
    ctx.tags.register(version.arn, input.tags);
    const plan = planRegistration(ctx, kind, template, version, s3);
    ctx.schedule({
      kind: REGISTER,
      target: `${kind}/${template.name}/${id}`,
      subjects: [template.name, version.arn],
      failWith: plan.failWith,
      data: plan.schema === undefined ? undefined : { schema: plan.schema },
    });
    return id;
  }

  function createVersion(ctx: OperationContext, input: CreateVersionInput) {
    const id = ctx.idempotent(input.clientToken, input, () => registerVersion(ctx, input));
    const template = findTemplate(ctx.partition, kind, input.templateName);
    const version = template.versions[id];
    if (!version) throw notFound(`Version ${id} of ${templateLabel(kind)} ${template.name} was not found.`);
    return wrapVersion(template, version);
  }

  function updateVersion(ctx: OperationContext, input: UpdateVersionInput) {
    const { template, version } = findVersion(ctx.partition, kind, input);
    if (input.status !== undefined) {
      if (input.status !== "DRAFT" && input.status !== "PUBLISHED")
        throw validation(`status can only be set to DRAFT or PUBLISHED, not ${input.status}.`);
      if (version.status !== "DRAFT" && version.status !== "PUBLISHED")
        throw conflict(
          `Version ${versionId(version.majorVersion, version.minorVersion)} is ${version.status}; its status cannot change.`,
        );
    }
    if (kind === "service") checkCompatible(ctx.partition, input.compatibleEnvironmentTemplates);
    if (input.status !== undefined) version.status = input.status;
    if (input.description !== undefined) version.description = input.description;
    if (kind === "service" && input.compatibleEnvironmentTemplates !== undefined)
      version.compatibleEnvironmentTemplates = input.compatibleEnvironmentTemplates.map((c) => ({
        templateName: c.templateName as string,
        majorVersion: c.majorVersion as string,
      }));
    if (kind === "service" && input.supportedComponentSources !== undefined)
      version.supportedComponentSources = [...input.supportedComponentSources];
    version.lastModifiedAt = ctx.now();
    return wrapVersion(template, version);
  }

  function deleteVersion(ctx: OperationContext, input: VersionRef) {
    const existing = templatesOf(ctx.partition, kind)[input.templateName]?.versions;
    if (!existing?.[versionId(input.majorVersion, input.minorVersion)]) {
      const arn = ctx.arn(spec.versionArn(input.templateName, input.majorVersion, input.minorVersion));
      return replayDeletion(ctx, arn, () => findVersion(ctx.partition, kind, input));
    }
    const { template, version } = findVersion(ctx.partition, kind, input);
    const id = versionId(version.majorVersion, version.minorVersion);
    if (version.status === "REGISTRATION_IN_PROGRESS")
      throw conflict(`Version ${id} of ${templateLabel(kind)} ${template.name} is still registering.`);
    const users = usersOf(ctx.partition, kind, version);
    if (users.length > 0)
      throw conflict(
        `Version ${id} of ${templateLabel(kind)} ${template.name} is in use by ${users.join(", ")}.`,
      );
    // The recommended version goes last: first within its major, then within the template.
    const othersInMajor = versionsOf(template, version.majorVersion).length > 1;
    if (recommendedMinor(template, version.majorVersion) === version.minorVersion && othersInMajor)
      throw conflict(
        `Version ${id} is the recommended minor version of major ${version.majorVersion}; delete the other minor versions first.`,
      );
    if (recommendedVersion(template) === id && Object.keys(template.versions).length > 1)
      throw conflict(
        `Version ${id} is the recommended version of ${templateLabel(kind)} ${template.name}; delete the other versions first.`,
      );
    const output = wrapVersion(template, version);
    delete template.versions[id];
    ctx.tags.drop(version.arn);
    rememberDeletion(ctx, version.arn, output);
    return output;
  }

  function listVersions(ctx: OperationContext, input: ListVersionsInput) {
    const template = findTemplate(ctx.partition, kind, input.templateName);
    const sorted = sortByKey(versionsOf(template, input.majorVersion), sortKey);
    const page = paginate(sorted, input, sortKey);
    return defined({
      templateVersions: page.items.map((v) => summaryView(template, v)),
      nextToken: page.nextToken,
    });
  }

  const stem = spec.stem;
  return {
    [`Create${stem}Template`]: createTemplate,
    [`Get${stem}Template`]: (ctx: OperationContext, input: UpdateTemplateInput) =>
      wrapTemplate(findTemplate(ctx.partition, kind, input.name)),
    [`Update${stem}Template`]: updateTemplate,
    [`Delete${stem}Template`]: deleteTemplate,
    [`List${stem}Templates`]: listTemplates,
    [`Create${stem}TemplateVersion`]: createVersion,
    [`Get${stem}TemplateVersion`]: (ctx: OperationContext, input: VersionRef) => {
      const { template, version } = findVersion(ctx.partition, kind, input);
      return wrapVersion(template, version);
    },
    [`Update${stem}TemplateVersion`]: updateVersion,
    [`Delete${stem}TemplateVersion`]: deleteVersion,
    [`List${stem}TemplateVersions`]: listVersions,
  };
}

/** Applies a finished registration; a version deleted meanwhile is simply gone. */
const settleRegistration: Settler = (ctx, work) => {
  const [kind, name, id] = work.target.split("/") as [TemplateKind, string, string];
  const version = templatesOf(ctx.partition, kind)[name]?.versions[id];
  if (!version || version.status !== "REGISTRATION_IN_PROGRESS") return;
  version.status = work.outcome === "SUCCEEDED" ? "DRAFT" : "REGISTRATION_FAILED";
  if (work.message !== undefined) version.statusMessage = work.message;
  const schema = (work.data as { schema?: string } | undefined)?.schema;
  if (work.outcome === "SUCCEEDED" && schema !== undefined) version.schema = schema;
  version.lastModifiedAt = work.settlesAt;
};

export const templates: EntityModule = {
  operations: { ...operationsFor("environment"), ...operationsFor("service") },
  settlers: { [REGISTER]: settleRegistration },
};
