/** Environment and service templates and their versions: records, their partition slice and finders. */
import { notFound } from "../errors";
import { defineSlice, type Millis, type Partition } from "../store";

export type TemplateKind = "environment" | "service";
export type TemplateVersionStatus =
  | "REGISTRATION_IN_PROGRESS"
  | "REGISTRATION_FAILED"
  | "DRAFT"
  | "PUBLISHED";

export interface CompatibleEnvironmentTemplate {
  templateName: string;
  majorVersion: string;
}

export interface TemplateVersionRecord {
  templateName: string;
  majorVersion: string;
  minorVersion: string;
  arn: string;
  status: TemplateVersionStatus;
  statusMessage?: string;
  description?: string;
  schema?: string;
  /** The S3 bundle it was registered from (absent for versions template sync registered from Git). */
  source?: { bucket: string; key: string };
  createdAt: Millis;
  lastModifiedAt: Millis;
  /** Service templates only. */
  compatibleEnvironmentTemplates?: CompatibleEnvironmentTemplate[];
  supportedComponentSources?: string[];
}

export interface TemplateRecord {
  kind: TemplateKind;
  name: string;
  arn: string;
  description?: string;
  displayName?: string;
  encryptionKey?: string;
  /** Environment templates: `provisioning`; service templates: `pipelineProvisioning`. */
  provisioning?: "CUSTOMER_MANAGED";
  pipelineProvisioning?: "CUSTOMER_MANAGED";
  createdAt: Millis;
  lastModifiedAt: Millis;
  /** Keyed by versionId(major, minor). */
  versions: Record<string, TemplateVersionRecord>;
}

const templates = defineSlice<Record<TemplateKind, Record<string, TemplateRecord>>>("templates", () => ({
  environment: {},
  service: {},
}));

/** The partition's templates of one kind, by name. */
export const templatesOf = (partition: Partition, kind: TemplateKind): Record<string, TemplateRecord> =>
  templates.of(partition)[kind];

export const templateLabel = (kind: TemplateKind) => `${kind} template`;

export function findTemplate(partition: Partition, kind: TemplateKind, name: string): TemplateRecord {
  const template = templatesOf(partition, kind)[name];
  if (!template) throw notFound(`The ${templateLabel(kind)} ${name} was not found.`);
  return template;
}

export const versionId = (major: string, minor: string) => `${major}.${minor}`;

/** The version a deployable names, if the template has it. */
export const versionOf = (template: TemplateRecord, major: string, minor: string) =>
  template.versions[versionId(major, minor)] as TemplateVersionRecord | undefined;

export const versionsOf = (template: TemplateRecord, major?: string) =>
  Object.values(template.versions).filter((v) => major === undefined || v.majorVersion === major);

/** Numeric order for version parts held as strings ("10" after "9"). */
export const compareNumeric = (a: string, b: string) =>
  BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;

export const maxOf = (values: string[]) =>
  values.reduce<string | undefined>(
    (m, v) => (m === undefined || compareNumeric(v, m) > 0 ? v : m),
    undefined,
  );

/** Highest published minor of a major. */
export const recommendedMinor = (template: TemplateRecord, major: string) =>
  maxOf(
    versionsOf(template, major)
      .filter((v) => v.status === "PUBLISHED")
      .map((v) => v.minorVersion),
  );

/** Highest major with a published version, and its recommended minor ("M.m"). */
export function recommendedVersion(template: TemplateRecord): string | undefined {
  const major = maxOf(
    versionsOf(template)
      .filter((v) => v.status === "PUBLISHED")
      .map((v) => v.majorVersion),
  );
  return major === undefined ? undefined : versionId(major, recommendedMinor(template, major) as string);
}
