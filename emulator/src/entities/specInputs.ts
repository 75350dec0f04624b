/**
 * Spec inputs against the schema of the template version they deploy with, as Proton checks them on
 * CreateEnvironment, UpdateEnvironment, CreateService, UpdateService, CreateServiceInstance,
 * UpdateServiceInstance and UpdateServicePipeline: an unknown input, a missing required one without a
 * default, a wrong type, a number out of range, a string breaking its length or pattern, a value
 * outside an enum is a ValidationException naming the resource, the input and the rule. The check is
 * the shared one (packages/template-bundle) the provider also runs at preview. Defaults apply to what
 * a deployment reports as its outputs.
 */
import { checkSection, versionSchema, type InputSection } from "@pulumi-aws-proton/template-bundle";
import { validation } from "../errors";
import type { OperationContext } from "../operations";
import type { SpecInputs } from "./serviceSpec";
import { findTemplate, versionId, type TemplateKind } from "./templates.records";

/** A template version, as a deployable names it. */
export interface VersionRef {
  templateName: string;
  templateMajorVersion: string;
  templateMinorVersion: string;
}

const kindOf = (section: InputSection): TemplateKind =>
  section === "environment" ? "environment" : "service";

function schemaOf(ctx: OperationContext, section: InputSection, ref: VersionRef) {
  const kind = kindOf(section);
  const version = findTemplate(ctx.partition, kind, ref.templateName).versions[
    versionId(ref.templateMajorVersion, ref.templateMinorVersion)
  ];
  // Versions registered before bundles were read (an older state file) have no schema to check against.
  return version?.schema === undefined ? undefined : versionSchema(version.schema, kind);
}

/**
 * Refuses inputs that do not fit the version's input type for `section`; `subject` names what deploys
 * them ("environment dev", "service instance frontend", "the pipeline of service web").
 */
export function checkSpecInputs(
  ctx: OperationContext,
  section: InputSection,
  ref: VersionRef,
  inputs: SpecInputs,
  subject: string,
): void {
  const schema = schemaOf(ctx, section, ref);
  if (!schema) return;
  const { problems } = checkSection(schema, section, inputs);
  if (problems.length === 0) return;
  const version = `${ref.templateName}:${versionId(ref.templateMajorVersion, ref.templateMinorVersion)}`;
  const listed = problems.map((p) => `input "${p.input}" ${p.message} (rule: ${p.rule})`).join("; ");
  throw validation(
    `The spec of ${subject} doesn't fit the schema of template version ${version}: ${listed}.`,
  );
}

/** The inputs a deployment renders with: the spec's, plus the schema's defaults. */
export function deployedInputs(
  ctx: OperationContext,
  section: InputSection,
  ref: VersionRef,
  inputs: SpecInputs | undefined,
): SpecInputs | undefined {
  if (inputs === undefined) return undefined;
  const schema = schemaOf(ctx, section, ref);
  return schema ? checkSection(schema, section, inputs).inputs : inputs;
}
