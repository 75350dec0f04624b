/**
 * Git sync fixtures: template bundles as the files a commit holds (`{template}/v{major}/...`), a
 * proton-ops file, and the linked repository the tests push to through the emulator's Git host.
 */
import { stringify } from "yaml";

export const CONNECTION_ARN = "arn:aws:codestar-connections:us-east-1:123456789012:connection/git-sync";

export interface SchemaInput {
  type?: string;
  default?: unknown;
}

export interface BundleOptions {
  /** Input name -> definition (type defaults to string). */
  inputs?: Record<string, SchemaInput>;
  required?: string[];
  /** Service templates: `name:major` entries of .template-registration.yaml. */
  compatibleEnvironments?: string[];
  /** Changes the infrastructure file without touching the schema (a new minor, same inputs). */
  revision?: number;
}

/** The schema/schema.yaml of a bundle with one input type. */
export function schemaYaml(kind: "environment" | "service", options: BundleOptions = {}): string {
  const typeName = kind === "environment" ? "EnvironmentInput" : "ServiceInstanceInput";
  const properties = Object.fromEntries(
    Object.entries(options.inputs ?? { size: { default: "small" } }).map(([name, input]) => [
      name,
      { type: input.type ?? "string", ...(input.default === undefined ? {} : { default: input.default }) },
    ]),
  );
  return stringify({
    schema: {
      format: { openapi: "3.0.0" },
      [`${kind === "environment" ? "environment" : "service"}_input_type`]: typeName,
      types: {
        [typeName]: {
          type: "object",
          properties,
          ...(options.required?.length ? { required: options.required } : {}),
        },
      },
    },
  });
}

/** The files of `{prefix}{template}/v{major}/`: manifest, IaC file and schema (service: registration too). */
export function bundleFiles(
  prefix: string,
  template: string,
  major: number,
  kind: "environment" | "service",
  options: BundleOptions = {},
): Record<string, string> {
  const root = `${prefix}${template}/v${major}/`;
  const infrastructure = kind === "environment" ? "infrastructure" : "instance_infrastructure";
  return {
    [`${root}${infrastructure}/manifest.yaml`]: stringify({
      infrastructure: {
        templates: [
          { file: "cloudformation.yaml", rendering_engine: "jinja", template_language: "cloudformation" },
        ],
      },
    }),
    [`${root}${infrastructure}/cloudformation.yaml`]: `# revision ${options.revision ?? 0}\nResources: {}\n`,
    [`${root}schema/schema.yaml`]: schemaYaml(kind, options),
    ...(kind === "service"
      ? {
          [`${root}.template-registration.yaml`]: stringify({
            compatible_environments: options.compatibleEnvironments ?? [],
          }),
        }
      : {}),
  };
}

/** A proton-ops file syncing `instances` (name -> { branch?, spec }) of `service`. */
export function opsFile(
  service: string,
  instances: Record<string, { branch?: string; spec: string }>,
): string {
  return stringify({ sync: { services: { [service]: instances } } });
}
