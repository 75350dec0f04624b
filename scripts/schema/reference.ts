/**
 * Renders the README's resource reference from schema.json (and the deploymentType table from the
 * provider's own rules), so the README cannot describe a property the schema lacks. `make codegen`
 * (scripts/codegen) splices both into the marked sections of README.md.
 */
import { ANY_REF, isEnum, kindOf, PackageSchema, PropertySpec, refName, replaces, TypeRef } from "./model";

import { DEPLOYMENT_RULES, type DeploymentRule } from "../../provider/src/core/deploymentType";

export const startMarker = "<!-- resource-reference:start (generated from schema.json by make codegen) -->";
export const endMarker = "<!-- resource-reference:end -->";

function cell(text: string | undefined): string {
  return (text ?? "").replace(/\|/g, "\\|").replace(/\n+/g, " ");
}

export function typeText(t: TypeRef): string {
  if (t.$ref === ANY_REF) return "any";
  if (t.$ref) {
    const name = refName(t.$ref);
    return `[${name}](#${name.toLowerCase()})`;
  }
  if (t.type === "array") return `${typeText(t.items ?? {})}[]`;
  if (t.type === "object")
    return `map<string, ${t.additionalProperties ? typeText(t.additionalProperties) : "string"}>`;
  return t.type ?? "any";
}

function propertyRows(
  props: Record<string, PropertySpec>,
  required: string[],
  columns: "inputs" | "outputs" | "fields",
): string[] {
  const names = Object.keys(props).sort();
  const header =
    columns === "inputs"
      ? ["| Input | Type | Required | Replaces | Description |", "| --- | --- | --- | --- | --- |"]
      : columns === "outputs"
        ? ["| Output | Type | Always set | Description |", "| --- | --- | --- | --- |"]
        : ["| Field | Type | Required | Description |", "| --- | --- | --- | --- |"];
  const rows = names.map((name) => {
    const p = props[name];
    const req = required.includes(name) ? "yes" : "";
    if (columns === "inputs") {
      return `| \`${name}\` | ${typeText(p)} | ${req} | ${replaces(p) ? "yes" : ""} | ${cell(p.description)} |`;
    }
    return `| \`${name}\` | ${typeText(p)} | ${req} | ${cell(p.description)} |`;
  });
  return [...header, ...rows];
}

export function renderReference(schema: PackageSchema): string {
  const out: string[] = [];
  const tokens = Object.keys(schema.resources).sort();
  out.push(
    `Every resource below is a class of \`pulumi-aws-proton\` (\`new proton.<Kind>(name, args, opts)\`). The schema names it \`proton:index:<Kind>\`; as a dynamic resource its type in the Pulumi state is \`pulumi-nodejs:dynamic/proton:<Kind>\`. "Replaces" marks inputs whose change replaces the resource (\`replaceOnChanges\` in schema.json). Besides the inputs listed, every output is also readable on the resource object.`,
    "",
  );
  out.push(tokens.map((t) => `[${kindOf(t)}](#${kindOf(t).toLowerCase()})`).join(" · "), "");
  for (const token of tokens) {
    const r = schema.resources[token];
    const kind = kindOf(token);
    out.push(`### ${kind}`, "", `Token \`${token}\`. ${r.description}`, "");
    out.push(...propertyRows(r.inputProperties, r.requiredInputs ?? [], "inputs"), "");
    out.push(...propertyRows(r.properties, r.required ?? [], "outputs"), "");
  }
  out.push("### Types", "");
  for (const token of Object.keys(schema.types).sort()) {
    const t = schema.types[token];
    const name = kindOf(token);
    out.push(`#### ${name}`, "", t.description ?? "", "");
    if (isEnum(t)) {
      out.push("| Value | Meaning |", "| --- | --- |");
      for (const e of t.enum) out.push(`| \`${String(e.value)}\` | ${cell(e.description)} |`);
    } else {
      out.push(...propertyRows(t.properties, t.required ?? [], "fields"));
    }
    out.push("");
  }
  return out.join("\n");
}

export const rulesStartMarker =
  "<!-- deployment-rules:start (generated from provider/src/core/deploymentType.ts by make codegen) -->";
export const rulesEndMarker = "<!-- deployment-rules:end -->";

const CHANGE_WORDS: Record<string, string> = {
  "*": "any",
  same: "same",
  changed: "changed",
  raised: "raised",
  lowered: "lowered",
  succeeded: "succeeded",
  failed: "failed or cancelled",
};

/** The provider's deploymentType decision table, one row per rule, first match wins. */
export function renderDeploymentRules(rules: readonly DeploymentRule[] = DEPLOYMENT_RULES): string {
  const lines = [
    "| # | `templateName` | `templateMajorVersion` | `templateMinorVersion` | `spec` | last deployment | Proton runs |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  rules.forEach((rule, index) => {
    const w = rule.when;
    const outcome =
      rule.then.kind === "deploy"
        ? `\`${rule.then.deploymentType}\`` +
          (rule.then.versions === "none" ? "" : ` with the new ${rule.then.versions} version`)
        : `no in-place deployment: ${rule.then.reason} (\`${rule.then.property}\`)`;
    const cells = [w.name, w.major, w.minor, w.spec, w.last].map((v) => CHANGE_WORDS[v] ?? v);
    lines.push(`| ${index + 1} | ${cells.join(" | ")} | ${cell(outcome)} |`);
  });
  return lines.join("\n");
}

/** Replaces the section between two markers; throws when the markers are missing. */
export function spliceSection(readme: string, start: string, end: string, body: string): string {
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the markers ${start} ... ${end}`);
  return `${readme.slice(0, from + start.length)}\n\n${body}\n\n${readme.slice(to)}`;
}

export function spliceReference(readme: string, reference: string): string {
  const withRules = spliceSection(readme, rulesStartMarker, rulesEndMarker, renderDeploymentRules());
  return spliceSection(withRules, startMarker, endMarker, reference);
}
