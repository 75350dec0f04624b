/**
 * Spec sections against a template version's schema, as both the emulator (Proton's refusal) and the
 * provider (the preview-time check) run it: one parse of the schema text per version, one check per
 * section, one wording of each problem.
 */
import { checkInputs, type InputProblem } from "./inputs";
import {
  parseTemplateSchema,
  SECTION_KEYS,
  type InputSection,
  type TemplateKind,
  type TemplateSchema,
} from "./schema";

const parsed = new Map<string, TemplateSchema | undefined>();

/** The schema of a registered version (its `schema` text), or undefined when the text is not one. */
export function versionSchema(text: string, kind: TemplateKind): TemplateSchema | undefined {
  const key = `${kind}\u0000${text}`;
  if (!parsed.has(key)) {
    if (parsed.size > 200) parsed.clear();
    parsed.set(key, parseTemplateSchema(text, kind).schema);
  }
  return parsed.get(key);
}

/**
 * Checks one section of a spec (an environment's `spec:`, an instance's `spec:`, the `pipeline:`).
 * A section the schema has no input type for takes no inputs. Returns the inputs with defaults.
 */
export function checkSection(
  schema: TemplateSchema,
  section: InputSection,
  inputs: Readonly<Record<string, unknown>>,
): { inputs: Record<string, unknown>; problems: InputProblem[] } {
  const type = schema.inputTypes[section];
  if (type) return checkInputs(type, inputs);
  const names = Object.keys(inputs);
  if (names.length === 0) return { inputs: {}, problems: [] };
  return {
    inputs: { ...inputs },
    problems: names.map((input) => ({
      input,
      rule: "unknown input",
      message: `is not an input: the template's schema has no ${SECTION_KEYS[section]}, so this section takes none`,
      allowed: [],
    })),
  };
}

/** `<where>.<input>: <message> (rule: <rule>)`, e.g. `spec.instances[frontend].spec.port: must be ...`. */
export const describeInputProblem = (where: string, problem: InputProblem): string =>
  `${where}${problem.input === "" ? "" : `.${problem.input}`}: ${problem.message} (rule: ${problem.rule})`;
