/**
 * What Environment and Service share as resources created from a template version: Proton's limits
 * on their shared inputs, the common part of the Create request, and adopting a same-named resource
 * an interrupted run of this stack created.
 */
import { nameRule, versionRule, type Rule } from "../core/check";
import type { OperationContext } from "../core/context";
import { readTags, toTagList, type TagMap } from "../core/tags";
import type { EnvironmentInputs, ServiceInputs } from "../generated/schema";
import { assertAdoptable, userTags, withOwnerTag } from "./ownership";

export type FromTemplateInputs = EnvironmentInputs | ServiceInputs;

/** Proton's limits on the shared inputs (types and required-ness come from the schema). */
export const FROM_TEMPLATE_RULES: readonly Rule[] = [
  nameRule("name"),
  nameRule("templateName"),
  versionRule("templateMajorVersion"),
  versionRule("templateMinorVersion"),
  { property: "spec", type: "string", minLength: 1, maxLength: 51200, yaml: true },
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

/**
 * Takes over an existing same-named resource if this stack created it (else throws, see
 * assertAdoptable) and logs `${what}: ${how}`. Returns its user tags, to reconcile against the inputs.
 */
export async function claimExisting(
  ctx: OperationContext,
  what: string,
  arn: string | undefined,
  inputs: FromTemplateInputs,
  how: string,
): Promise<TagMap> {
  const liveTags = await readTags(ctx, arn);
  assertAdoptable(what, String(inputs.name), liveTags, inputs);
  ctx.log(`${what}: ${how}`);
  return userTags(liveTags);
}
