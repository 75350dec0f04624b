/**
 * What the Git sync resources share: Proton's limits on repository members, and the refusal of what
 * exists already (their creates are idempotent, so an existing one would be taken over unnoticed:
 * adopting one takes `{ import: id }`). A change refused while a sync runs ("in progress") is retried
 * by the core's retry table like any in-progress conflict.
 */
import { arnRule, type Rule } from "../core/check";
import { ProtonStateError } from "../core/errors";
import { REFUSED } from "./deployable";

/** The model's RepositoryName: `owner/name`, 1-100 characters. */
export const repositoryNameRule = (property: string): Rule => ({
  property,
  type: "string",
  minLength: 1,
  maxLength: 100,
  pattern: /[A-Za-z0-9_.-].*\/[A-Za-z0-9_.-].*/,
  patternHint: "must be a repository name such as myorg/myrepo",
});

export const SYNC_RULES: readonly Rule[] = [
  repositoryNameRule("repositoryName"),
  { property: "branch", type: "string", minLength: 1, maxLength: 200 },
];

export const connectionArnRule = arnRule("connectionArn", "a CodeStar connection");

/** Refuses to create what exists already (an idempotent create would take it over unnoticed). */
export function refuseExisting(what: string, id: string, existing: unknown): void {
  if (existing === undefined) return;
  throw new ProtonStateError(
    `${what} already exists; to manage it here, declare it with the resource option { import: "${id}" }`,
    REFUSED,
  );
}
