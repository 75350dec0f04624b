/**
 * Proton takes whole service specs (`proton: ServiceSpec`, `pipeline:`, `instances:`) on
 * UpdateServiceInstance, UpdateServicePipeline and UpdateService, and returns one on every read. The
 * ServiceInstance and ServicePipeline resources expose only their own section (an instance's `spec:`
 * inputs, the `pipeline:` inputs), so a change elsewhere in the service never shows as their drift.
 */
import { parse, stringify } from "yaml";

type Mapping = Record<string, unknown>;

export interface InstanceEntry {
  name: string;
  environment: string;
  /** The instance's inputs (the entry's `spec:` mapping). */
  inputs: Mapping;
}

const isMapping = (value: unknown): value is Mapping =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function parseDoc(spec: string | undefined): Mapping {
  if (!spec) return {};
  try {
    const doc: unknown = parse(spec);
    return isMapping(doc) ? doc : {};
  } catch {
    return {};
  }
}

/** A section's inputs as YAML, or undefined when the spec has no such section. */
function sectionYaml(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return stringify(value ?? {});
}

/** Parses the inputs YAML the user gave for one section (empty means no inputs). */
export function inputsOf(yaml: string | undefined): Mapping {
  const value: unknown = yaml ? parse(yaml) : {};
  return isMapping(value) ? value : {};
}

export function instanceEntries(spec: string | undefined): InstanceEntry[] {
  const instances = parseDoc(spec).instances;
  if (!Array.isArray(instances)) return [];
  return instances.filter(isMapping).map((entry) => ({
    name: String(entry.name),
    environment: String(entry.environment),
    inputs: isMapping(entry.spec) ? entry.spec : {},
  }));
}

/** The inputs of instance `name` in a service spec, as YAML. */
export function instanceSection(spec: string | undefined, name: string): string | undefined {
  const entry = instanceEntries(spec).find((e) => e.name === name);
  return entry ? sectionYaml(entry.inputs) : undefined;
}

/** The `pipeline:` inputs of a service spec, as YAML. */
export function pipelineSection(spec: string | undefined): string | undefined {
  return sectionYaml(parseDoc(spec).pipeline);
}

/** A service spec with the given instances and optional pipeline inputs. */
export function serviceSpec(instances: readonly InstanceEntry[], pipeline?: Mapping): string {
  return stringify({
    proton: "ServiceSpec",
    ...(pipeline !== undefined ? { pipeline } : {}),
    instances: instances.map((i) => ({ name: i.name, environment: i.environment, spec: i.inputs })),
  });
}

/** The spec for UpdateServicePipeline: the pipeline inputs replaced, the rest as Proton has it. */
export function withPipeline(spec: string | undefined, pipelineInputs: Mapping): string {
  return stringify({ ...parseDoc(spec), proton: "ServiceSpec", pipeline: pipelineInputs });
}
