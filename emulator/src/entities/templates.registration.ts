/**
 * What registering a template version comes to, decided when CreateXTemplateVersion is called: the
 * bundle is read from S3 and checked (layout, manifests, schema/schema.yaml) with the checker the
 * provider runs at preview; a new minor version's schema must be backward compatible with the earlier
 * minors of its major. A problem becomes the version's REGISTRATION_FAILED status message, naming the
 * file (and line) and what is wrong; a good bundle's schema text becomes the version's `schema`.
 */
import {
  checkBundle,
  compatibilityProblems,
  describeProblem,
  SCHEMA_FILE,
  versionSchema,
} from "@pulumi-aws-proton/template-bundle";
import type { OperationContext } from "../operations";
import { providesPipeline } from "./servicePipeline";
import {
  compareNumeric,
  versionId,
  versionsOf,
  type TemplateKind,
  type TemplateRecord,
} from "./templates.records";

export interface RegistrationPlan {
  /** The status message of a registration that fails. */
  failWith?: string;
  /** The schema file's text, for the version once registered. */
  schema?: string;
}

export function planRegistration(
  ctx: OperationContext,
  kind: TemplateKind,
  template: TemplateRecord,
  version: { majorVersion: string; minorVersion: string },
  source: { bucket: string; key: string },
): RegistrationPlan {
  const where = `s3://${source.bucket}/${source.key}`;
  const read = ctx.readObject(source.bucket, source.key);
  if ("code" in read)
    return { failWith: `Unable to read the template bundle at ${where}: ${read.message} (${read.code}).` };
  const pipeline = kind === "service" ? providesPipeline(template) : undefined;
  const { bundle, problems } = checkBundle(read.bytes, { kind, pipeline });
  if (!bundle)
    return {
      failWith: `The template bundle at ${where} is not valid: ${problems.map(describeProblem).join("; ")}`,
    };
  const earlier = versionsOf(template, version.majorVersion).filter(
    (v) => v.schema !== undefined && compareNumeric(v.minorVersion, version.minorVersion) < 0,
  );
  for (const previous of earlier) {
    const before = versionSchema(previous.schema as string, kind);
    if (!before) continue;
    const breaks = compatibilityProblems(before, bundle.schema);
    if (breaks.length > 0) {
      const listed = breaks.map((b) =>
        describeProblem({ file: SCHEMA_FILE, line: b.line, message: b.message }),
      );
      return {
        failWith:
          `The schema of minor version ${versionId(version.majorVersion, version.minorVersion)} is not backward compatible ` +
          `with ${versionId(previous.majorVersion, previous.minorVersion)}: ${listed.join("; ")}. ` +
          "Register a change like this as a new major version.",
      };
    }
  }
  return { schema: bundle.schema.text };
}
