/**
 * Pulumi-style auto-naming: `<logical name>-<7 hex>`, kept within Proton's name rules. The suffix
 * derives from the resource's owner (`<project>/<stack>/<logical name>`) when known, so preview and
 * up agree on the name and two stacks never collide; otherwise it is random.
 */
import { createHash, randomBytes } from "node:crypto";

export interface AutoNameRule {
  /** Input that holds the name (e.g. `name`). */
  property: string;
  maxLength: number;
}

const SUFFIX_LENGTH = 7;

/** Replaces characters Proton rejects and makes the name start with a letter or digit. */
export function sanitizeName(prefix: string): string {
  const cleaned = prefix.replace(/[^0-9A-Za-z_-]/g, "-").replace(/^[_-]+/, "");
  return cleaned.length > 0 ? cleaned : "resource";
}

export function autoName(prefix: string, maxLength: number, random: () => string = randomSuffix): string {
  const suffix = random();
  const head = sanitizeName(prefix).slice(0, Math.max(1, maxLength - suffix.length - 1));
  return `${head}-${suffix}`;
}

function randomSuffix(): string {
  return randomBytes(8).toString("hex").slice(0, SUFFIX_LENGTH);
}

/** A stable suffix for one owner. */
export function ownerSuffix(owner: string): () => string {
  return () => createHash("sha256").update(owner).digest("hex").slice(0, SUFFIX_LENGTH);
}

/**
 * The name to use for this check: an explicit name wins; otherwise keep the name already chosen
 * for this resource (so re-running never renames it); then the id being adopted (resources whose id
 * is their name); otherwise generate one from the logical name.
 */
export function chooseName(
  rule: AutoNameRule,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  logicalName: string | undefined,
  importId?: string,
  owner?: string,
): string | undefined {
  const explicit = news[rule.property];
  if (typeof explicit === "string") return explicit;
  const previous = olds[rule.property];
  if (typeof previous === "string") return previous;
  if (importId) return importId;
  if (!logicalName) return undefined;
  return autoName(logicalName, rule.maxLength, owner ? ownerSuffix(owner) : randomSuffix);
}
