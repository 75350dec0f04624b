/**
 * A directly defined component's IaC, as far as the emulator reads it. The manifest (Proton's manifest
 * format with a single IaC file) names the engine; a CloudFormation template file is rendered with
 * the component's parameters ({{ namespace.path }} references, Jinja's `default` filter) and read for
 * its `Resources` and `Outputs`, which is what a deployment's success or failure and its outputs come
 * from (the emulator runs no CloudFormation). Terraform files are the customer's automation's to apply
 * (self-managed provisioning) and are not read.
 *
 * The manifest and the template file are sensitive: no message here quotes their content.
 */
import { isMap, isScalar, parseDocument, type Node } from "yaml";
import { validation } from "../errors";
import type { ComponentEngine } from "./component.records";
import type { OutputRecord } from "./deployment.records";

/** The (rendering engine, template language) pairs Proton's manifest format allows, per engine. */
const LANGUAGES: Record<string, { renderingEngine: string; engine: ComponentEngine }> = {
  cloudformation: { renderingEngine: "jinja", engine: "CLOUDFORMATION" },
  terraform: { renderingEngine: "hcl", engine: "TERRAFORM" },
};

type Mapping = Record<string, unknown>;
const isMapping = (value: unknown): value is Mapping =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The first line of a YAML parser message: where, never the quoted source that follows. */
const where = (message: string) => message.split("\n")[0].replace(/:$/, "");

/**
 * Checks a component manifest and answers the engine it names. A directly defined component's manifest
 * lists exactly one IaC file: `infrastructure.templates: [{ file, rendering_engine, template_language }]`.
 */
export function manifestEngine(text: string): ComponentEngine {
  const document = parseDocument(text);
  if (document.errors.length > 0)
    throw validation(`The manifest is not valid YAML: ${where(document.errors[0].message)}.`);
  const root: unknown = document.toJS();
  const templates =
    isMapping(root) && isMapping(root.infrastructure) ? root.infrastructure.templates : undefined;
  if (!Array.isArray(templates) || templates.length !== 1 || !isMapping(templates[0])) {
    throw validation(
      "The manifest must list exactly one IaC file under 'infrastructure.templates' (a directly defined component has one).",
    );
  }
  const { file, rendering_engine: renderingEngine, template_language: language } = templates[0];
  if (typeof file !== "string" || file.length === 0)
    throw validation("The manifest's template entry needs a 'file'.");
  const known = typeof language === "string" ? LANGUAGES[language] : undefined;
  if (!known) throw validation("The manifest's 'template_language' must be cloudformation or terraform.");
  if (renderingEngine !== known.renderingEngine) {
    throw validation(
      `The manifest's 'rendering_engine' for ${String(language)} must be ${known.renderingEngine}.`,
    );
  }
  return known.engine;
}

/** The parameter namespace a component's IaC file reads (see "Component CloudFormation IaC file parameters"). */
export interface ComponentParameters {
  component: { name: string };
  environment: { name: string; outputs: Record<string, string> };
  /** Attached components only. */
  service?: { name: string };
  service_instance?: { name: string; inputs: Record<string, unknown> };
}

/** How a CloudFormation component deployment ends: its outputs, or why it failed. */
export type CloudFormationResult = { outputs: OutputRecord[] } | { failure: string };

const REFERENCE = /\{\{([\s\S]*?)\}\}/g;
const EXPRESSION =
  /^\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*)\s*(?:\|\s*default\(\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+(?:\.\d+)?|true|false)\s*\)\s*)?$/;

class RenderError extends Error {}

const lineOf = (text: string, index: number) => text.slice(0, index).split("\n").length;

function literal(token: string): string {
  if (token.startsWith('"') || token.startsWith("'")) return token.slice(1, -1).replace(/\\(.)/g, "$1");
  return token;
}

function lookup(parameters: ComponentParameters, path: string): unknown {
  let value: unknown = parameters;
  for (const part of path.split(".")) {
    if (!isMapping(value) || !Object.hasOwn(value, part)) return undefined;
    value = value[part];
  }
  return value;
}

const asText = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/** Substitutes `{{ path }}` and `{{ path | default(literal) }}`; statements are not rendered here. */
function render(template: string, parameters: ComponentParameters): string {
  const withoutComments = template.replace(/\{#[\s\S]*?#\}/g, "");
  const statement = withoutComments.search(/\{%/);
  if (statement >= 0) {
    throw new RenderError(
      `the template file uses a Jinja statement (line ${lineOf(withoutComments, statement)}); the emulator renders {{ parameter }} references only`,
    );
  }
  return withoutComments.replace(REFERENCE, (_match, expression: string, offset: number) => {
    const parsed = EXPRESSION.exec(expression);
    const line = lineOf(withoutComments, offset);
    if (!parsed)
      throw new RenderError(`the template file has a reference the emulator can't render (line ${line})`);
    const [, path, fallback] = parsed;
    const value = lookup(parameters, path);
    if (value !== undefined && value !== null) return asText(value);
    if (fallback !== undefined) return literal(fallback);
    throw new RenderError(`the template file references an undefined parameter (line ${line})`);
  });
}

/** An output's value as the emulator reports it: literals as they are, intrinsic functions as written. */
function outputValue(node: Node): string {
  if (isScalar(node)) {
    const value = node.toJSON() as unknown;
    const text = value === null || value === undefined ? "" : String(value);
    return node.tag && !node.tag.startsWith("tag:yaml.org") ? `${node.tag} ${text}` : text;
  }
  const value = JSON.stringify(node.toJSON());
  return node.tag ? `${node.tag} ${value}` : value;
}

/**
 * Renders a CloudFormation component template and reads what a stack of it would output. Fails, as
 * CloudFormation would, when the rendered file is not a YAML or JSON template with `Resources`, or an
 * output has no `Value`.
 */
export function deployCloudFormation(
  templateFile: string,
  parameters: ComponentParameters,
): CloudFormationResult {
  let rendered: string;
  try {
    rendered = render(templateFile, parameters);
  } catch (error) {
    if (error instanceof RenderError) return { failure: `Rendering failed: ${error.message}.` };
    throw error;
  }
  const document = parseDocument(rendered);
  if (document.errors.length > 0) {
    return {
      failure: `Template format error: the rendered template file is not YAML or JSON (${where(document.errors[0].message)}).`,
    };
  }
  const root = document.contents;
  const resources = isMap(root) ? root.get("Resources", true) : undefined;
  if (!isMap(resources) || resources.items.length === 0)
    return { failure: "Template format error: at least one Resources member must be defined." };
  const outputs = root && isMap(root) ? root.get("Outputs", true) : undefined;
  if (outputs === undefined || outputs === null) return { outputs: [] };
  if (!isMap(outputs)) return { failure: "Template format error: Outputs must be a mapping." };
  const records: OutputRecord[] = [];
  for (const pair of outputs.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    const value = isMap(pair.value) ? (pair.value.get("Value", true) as Node | undefined) : undefined;
    if (!key || value === undefined || value === null)
      return { failure: "Template format error: every Outputs member must have a Value." };
    const text = outputValue(value).slice(0, 1024);
    if (text.length > 0) records.push({ key: key.slice(0, 1024), valueString: text });
  }
  return { outputs: records };
}
