/**
 * Spec YAML parsing for the deployable entities.
 *
 * Environment specs are `proton: EnvironmentSpec` documents with a `spec:` map of inputs. Service specs
 * are `proton: ServiceSpec` documents with an `instances:` list (name, environment, spec map) and an
 * optional `pipeline:` map. Proton rejects malformed specs synchronously with a ValidationException,
 * so every problem found here is thrown as one.
 */
import { parseDocument } from "yaml";
import { validation } from "../errors";
import { satisfies } from "../validation";

/** Input values of one deployment, as the spec gives them (any YAML value). */
export type SpecInputs = Record<string, unknown>;

export interface ServiceSpecInstance {
  readonly name: string;
  readonly environment: string;
  readonly inputs: SpecInputs;
}

export interface ServiceSpec {
  readonly instances: readonly ServiceSpecInstance[];
  /** Present when the spec has a `pipeline:` section. */
  readonly pipeline?: SpecInputs;
}

type Mapping = Record<string, unknown>;

const isMapping = (value: unknown): value is Mapping =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Parses a YAML document that must be a mapping with `proton: <kind>`. */
function parseProtonDocument(text: string, kind: string): Mapping {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    throw validation(`The spec is not valid YAML: ${document.errors[0].message}`);
  }
  const root: unknown = document.toJS();
  if (!isMapping(root)) {
    throw validation(`The spec must be a YAML mapping with 'proton: ${kind}'`);
  }
  if (root.proton !== kind) {
    throw validation(`The spec must declare 'proton: ${kind}'`);
  }
  return root;
}

function inputsOf(value: unknown, where: string): SpecInputs {
  if (value === undefined || value === null) return {};
  if (!isMapping(value)) throw validation(`'${where}' in the spec must be a mapping of inputs`);
  return value;
}

function nameOf(value: unknown, where: string): string {
  // Instance and environment names in a spec are the model's ResourceName, as in any request.
  if (typeof value !== "string" || !satisfies("ResourceName", value)) {
    throw validation(`'${where}' in the spec must be a valid resource name`);
  }
  return value;
}

export function parseEnvironmentSpec(text: string): SpecInputs {
  const root = parseProtonDocument(text, "EnvironmentSpec");
  return inputsOf(root.spec, "spec");
}

export function parseServiceSpec(text: string): ServiceSpec {
  const root = parseProtonDocument(text, "ServiceSpec");
  const { instances } = root;
  if (!Array.isArray(instances) || instances.length === 0) {
    throw validation("The service spec must list at least one instance under 'instances'");
  }
  const parsed = instances.map((entry: unknown, index): ServiceSpecInstance => {
    if (!isMapping(entry)) throw validation(`'instances[${index}]' in the spec must be a mapping`);
    return {
      name: nameOf(entry.name, `instances[${index}].name`),
      environment: nameOf(entry.environment, `instances[${index}].environment`),
      inputs: inputsOf(entry.spec, `instances[${index}].spec`),
    };
  });
  const names = parsed.map((instance) => instance.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) {
    throw validation(`The service spec lists instance '${duplicate}' more than once`);
  }
  const hasPipeline = "pipeline" in root && root.pipeline !== null;
  return hasPipeline
    ? { instances: parsed, pipeline: inputsOf(root.pipeline, "pipeline") }
    : { instances: parsed };
}

/** Outputs the emulator reports for a deployment: its inputs, stringified (no IaC runs here). */
export function outputsOf(inputs: SpecInputs): { key: string; valueString: string }[] {
  return Object.entries(inputs).map(([key, value]) => ({
    key,
    valueString: typeof value === "string" ? value : JSON.stringify(value),
  }));
}
