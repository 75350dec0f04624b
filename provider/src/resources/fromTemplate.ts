/**
 * What Environment and Service share as resources created from a template version: Proton's limits
 * on their shared inputs and the common part of the Create request.
 */
import { nameRule, versionRule, type Rule } from "../core/check";
import { toTagList } from "../core/tags";
import type { EnvironmentInputs, ServiceInputs } from "../generated/schema";
import { withOwnerTag } from "./ownership";

export type FromTemplateInputs = EnvironmentInputs | ServiceInputs;

/**
 * Proton's limits on the shared inputs (types and required-ness come from the schema). The spec is
 * a YAML mapping declaring its schema (`proton: EnvironmentSpec` or `proton: ServiceSpec`).
 */
export const fromTemplateRules = (protonSchema: "EnvironmentSpec" | "ServiceSpec"): readonly Rule[] => [
  nameRule("name"),
  nameRule("templateName"),
  versionRule("templateMajorVersion"),
  versionRule("templateMinorVersion"),
  { property: "spec", type: "string", minLength: 1, maxLength: 51200, protonSchema },
  { property: "description", type: "string", maxLength: 500 },
];

/** The Create request members both send, in order; the caller adds its own, then `ownedTags`. */
export const creationRequest = (inputs: FromTemplateInputs) => ({
  name: inputs.name,
  templateName: inputs.templateName,
  templateMajorVersion: inputs.templateMajorVersion,
  templateMinorVersion: inputs.templateMinorVersion,
  spec: inputs.spec,
  description: inputs.description,
});

/** The tags a Create sends: the user's plus the owner tag (see ownership.ts). */
export const ownedTags = (inputs: FromTemplateInputs) => toTagList(withOwnerTag(inputs.tags, inputs.owner));
