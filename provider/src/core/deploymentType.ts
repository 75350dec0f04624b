/**
 * Which Proton deployment an update needs, decided from the difference between what Proton runs now and
 * what the program asks for. The decision is one table (`DEPLOYMENT_RULES`) read top to bottom; the
 * unit test walks the same table, so a new row cannot go untested.
 */
import { parse } from "yaml";
import { isDeepStrictEqual } from "node:util";

export type DeploymentType = "NONE" | "CURRENT_VERSION" | "MINOR_VERSION" | "MAJOR_VERSION";

/** What Proton currently runs (from state or a fresh read): versions are always known here. */
export interface DeployedTemplate {
  templateName?: string;
  templateMajorVersion?: string;
  templateMinorVersion?: string;
  spec?: string;
  /** Proton's status of the last deployment attempt, when known. */
  deploymentStatus?: string;
}

/** What the program asks for: an omitted version means "keep whatever Proton runs". */
export type DesiredTemplate = Omit<DeployedTemplate, "deploymentStatus">;

export type NameChange = "same" | "changed";
export type MajorChange = "same" | "raised" | "lowered";
export type MinorChange = "same" | "changed";
export type SpecChange = "same" | "changed";
/** A failed or cancelled last attempt leaves the resource short of what the program asks: redeploy it. */
export type LastAttempt = "succeeded" | "failed";

export interface Classification {
  name: NameChange;
  major: MajorChange;
  minor: MinorChange;
  spec: SpecChange;
  last: LastAttempt;
}

/** Which template version parameters accompany the deployment (Proton refuses them with CURRENT_VERSION). */
export type VersionParameters = "none" | "minor" | "major";

export type Outcome =
  | { kind: "deploy"; deploymentType: DeploymentType; versions: VersionParameters }
  | { kind: "notInPlace"; property: "templateName" | "templateMajorVersion"; reason: string };

export interface DeploymentRule {
  when: { [K in keyof Classification]: Classification[K] | "*" };
  then: Outcome;
}

/** First matching row wins. */
export const DEPLOYMENT_RULES: readonly DeploymentRule[] = [
  {
    when: { name: "changed", major: "*", minor: "*", spec: "*", last: "*" },
    then: {
      kind: "notInPlace",
      property: "templateName",
      reason: "Proton cannot move a deployed resource to another template",
    },
  },
  {
    when: { name: "same", major: "lowered", minor: "*", spec: "*", last: "*" },
    then: {
      kind: "notInPlace",
      property: "templateMajorVersion",
      reason: "Proton only deploys a higher major version in place",
    },
  },
  {
    when: { name: "same", major: "raised", minor: "*", spec: "*", last: "*" },
    then: { kind: "deploy", deploymentType: "MAJOR_VERSION", versions: "major" },
  },
  {
    when: { name: "same", major: "same", minor: "changed", spec: "*", last: "*" },
    then: { kind: "deploy", deploymentType: "MINOR_VERSION", versions: "minor" },
  },
  {
    when: { name: "same", major: "same", minor: "same", spec: "changed", last: "*" },
    then: { kind: "deploy", deploymentType: "CURRENT_VERSION", versions: "none" },
  },
  {
    when: { name: "same", major: "same", minor: "same", spec: "same", last: "failed" },
    then: { kind: "deploy", deploymentType: "CURRENT_VERSION", versions: "none" },
  },
  {
    when: { name: "same", major: "same", minor: "same", spec: "same", last: "*" },
    then: { kind: "deploy", deploymentType: "NONE", versions: "none" },
  },
];

/** Specs are YAML: compare what they mean, so re-indenting or reordering keys deploys nothing. */
export function specsEqual(a: string | undefined, b: string | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  try {
    return isDeepStrictEqual(parse(a), parse(b));
  } catch {
    return false;
  }
}

/** Keeps the program's spelling of a spec when Proton's says the same, so refresh shows no change. */
export function preferSpelling(live: string | undefined, previous: unknown): string | undefined {
  return typeof previous === "string" && specsEqual(live, previous) ? previous : live;
}

/** Attempts that left the resource on its previous deployment. */
export const FAILED_ATTEMPTS: readonly string[] = ["FAILED", "CANCELLED"];

function compareVersions(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  return Number.isFinite(x) && Number.isFinite(y) ? x - y : a.localeCompare(b);
}

export function classify(current: DeployedTemplate, desired: DesiredTemplate): Classification {
  const asked = (want: string | undefined, have: string | undefined) => want !== undefined && want !== have;
  const majorDelta =
    asked(desired.templateMajorVersion, current.templateMajorVersion) && current.templateMajorVersion
      ? compareVersions(desired.templateMajorVersion as string, current.templateMajorVersion)
      : 0;
  return {
    name: asked(desired.templateName, current.templateName) ? "changed" : "same",
    major: majorDelta > 0 ? "raised" : majorDelta < 0 ? "lowered" : "same",
    minor: asked(desired.templateMinorVersion, current.templateMinorVersion) ? "changed" : "same",
    spec: desired.spec !== undefined && !specsEqual(desired.spec, current.spec) ? "changed" : "same",
    last: FAILED_ATTEMPTS.includes(current.deploymentStatus ?? "") ? "failed" : "succeeded",
  };
}

export function matchRule(c: Classification): DeploymentRule {
  const keys = Object.keys(c) as (keyof Classification)[];
  const rule = DEPLOYMENT_RULES.find((r) => keys.every((k) => r.when[k] === "*" || r.when[k] === c[k]));
  if (!rule) throw new Error(`no deployment rule for ${JSON.stringify(c)}`);
  return rule;
}

/** A decided deployment: the Update* request fields that carry it. */
export interface DeploymentPlan {
  deploymentType: DeploymentType;
  templateMajorVersion?: string;
  templateMinorVersion?: string;
}

export type Decision =
  | ({ kind: "deploy"; rule: DeploymentRule } & DeploymentPlan)
  | { kind: "notInPlace"; rule: DeploymentRule; property: string; reason: string };

export function decideDeployment(current: DeployedTemplate, desired: DesiredTemplate): Decision {
  const rule = matchRule(classify(current, desired));
  const outcome = rule.then;
  if (outcome.kind === "notInPlace") {
    const from = current[outcome.property];
    const to = desired[outcome.property];
    return { ...outcome, rule, reason: `${outcome.property} ${from} -> ${to}: ${outcome.reason}` };
  }
  const plan: DeploymentPlan = { deploymentType: outcome.deploymentType };
  if (outcome.versions === "major") {
    plan.templateMajorVersion = desired.templateMajorVersion;
    if (desired.templateMinorVersion !== undefined) plan.templateMinorVersion = desired.templateMinorVersion;
  } else if (outcome.versions === "minor") {
    plan.templateMajorVersion = current.templateMajorVersion;
    plan.templateMinorVersion = desired.templateMinorVersion;
  }
  return { kind: "deploy", rule, ...plan };
}
