/**
 * The spec of an Environment, Service, ServiceInstance or ServicePipeline checked at `check` (so at
 * `pulumi preview`, and at `up` before anything deploys) against the schema of the template version it
 * will run, read from Proton with one Get, with the checker the emulator refuses specs with
 * (packages/template-bundle). A version not known yet at preview (created in the same run) is checked
 * when `up` calls check again with it known, before the create or update. Each problem is a check
 * failure naming the spec path (`spec.instances[frontend].spec.desired_count`), the rule and the allowed
 * values; nothing is deployed.
 */
import {
  GetEnvironmentTemplateCommand,
  GetEnvironmentTemplateVersionCommand,
  GetServiceCommand,
  GetServiceInstanceCommand,
  GetServiceTemplateCommand,
  GetServiceTemplateVersionCommand,
} from "@aws-sdk/client-proton";
import type * as pulumi from "@pulumi/pulumi";
import {
  checkSection,
  describeInputProblem,
  versionSchema,
  type InputSection,
  type TemplateKind,
} from "@pulumi-aws-proton/template-bundle";
import { parse } from "yaml";
import { createContext, type CommonInputs, type OperationContext } from "../core/context";
import { withExtraCheck } from "../core/resource";
import { containsUnknown, type PropertyBag } from "../core/values";
import { instanceEntries } from "./service/serviceSpec";

/** The template version a spec will run with; `minor` undefined: the major's recommended minor. */
interface VersionChoice {
  kind: TemplateKind;
  templateName: string;
  major?: string;
  minor?: string;
}

/** A spec section to check: where it sits (for messages), which input type, its inputs. */
interface Section {
  where: string;
  section: InputSection;
  inputs: Record<string, unknown>;
}

/** How one kind of deployable says which version and which sections to check (undefined: nothing yet). */
export interface SpecTarget {
  version(ctx: OperationContext, olds: PropertyBag, news: PropertyBag): Promise<VersionChoice | undefined>;
  sections(news: PropertyBag): Section[];
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const parsed = (text: unknown): unknown => {
  try {
    return typeof text === "string" ? parse(text) : undefined;
  } catch {
    return undefined; // the YAML rule reports it
  }
};

const mapping = (value: unknown) => (isMapping(value) ? value : {});

const known = (...values: unknown[]) => values.every((v) => v !== undefined && !containsUnknown(v));

/** `major.minor` from the inputs, else the deployed one when the major stays, else the recommended. */
const chosen = (kind: TemplateKind, olds: PropertyBag, news: PropertyBag): VersionChoice | undefined => {
  const templateName = (news.templateName ?? olds.templateName) as string | undefined;
  const major = (news.templateMajorVersion ?? olds.templateMajorVersion) as string | undefined;
  if (!known(templateName, major)) return undefined;
  const sameMajor = olds.templateMajorVersion === major;
  const minor = (news.templateMinorVersion ?? (sameMajor ? olds.templateMinorVersion : undefined)) as
    | string
    | undefined;
  if (minor !== undefined && containsUnknown(minor)) return undefined;
  return { kind, templateName: templateName as string, major, minor };
};

export const environmentSpecTarget: SpecTarget = {
  version: async (_ctx, olds, news) => chosen("environment", olds, news),
  sections: (news) => [
    { where: "spec.spec", section: "environment", inputs: mapping(mapping(parsed(news.spec)).spec) },
  ],
};

/** Services: only the creation spec matters (later edits are no change), so only a create is checked. */
export const serviceSpecTarget: SpecTarget = {
  version: async (_ctx, olds, news) =>
    Object.keys(olds ?? {}).length > 0 ? undefined : chosen("service", {}, news),
  sections: (news) => {
    const doc = mapping(parsed(news.spec));
    const instances = instanceEntries(typeof news.spec === "string" ? news.spec : undefined).map((entry) => ({
      where: `spec.instances[${entry.name}].spec`,
      section: "service" as const,
      inputs: entry.inputs,
    }));
    return "pipeline" in doc
      ? [
          ...instances,
          { where: "spec.pipeline", section: "pipeline" as const, inputs: mapping(doc.pipeline) },
        ]
      : instances;
  },
};

/** ServiceInstance/ServicePipeline: the version asked for, else the running one, else the service's. */
function serviceChildTarget(section: "service" | "pipeline"): SpecTarget {
  return {
    async version(ctx, olds, news) {
      const serviceName = news.serviceName as string | undefined;
      if (!known(serviceName)) return undefined;
      const service = (
        await ctx.find("GetService", (c) => c.send(new GetServiceCommand({ name: serviceName as string })))
      )?.service;
      if (!service?.templateName) return undefined; // created in this run: checked again at up
      const asked = chosen("service", olds, { ...news, templateName: service.templateName });
      if (asked) return asked;
      const running =
        section === "pipeline"
          ? service.pipeline
          : (
              await ctx.find("GetServiceInstance", (c) =>
                c.send(new GetServiceInstanceCommand({ serviceName, name: news.name as string })),
              )
            )?.serviceInstance;
      return running?.templateMajorVersion
        ? {
            kind: "service",
            templateName: service.templateName,
            major: running.templateMajorVersion,
            minor: running.templateMinorVersion,
          }
        : { kind: "service", templateName: service.templateName };
    },
    sections: (news) => [{ where: "spec", section, inputs: mapping(parsed(news.spec)) }],
  };
}

export const serviceInstanceSpecTarget = serviceChildTarget("service");
export const servicePipelineSpecTarget = serviceChildTarget("pipeline");

/** The schema text of the version, with the version it resolved to ("name:M.m"). */
async function schemaOf(
  ctx: OperationContext,
  choice: VersionChoice,
): Promise<{ schema?: string; label: string } | undefined> {
  const environment = choice.kind === "environment";
  let { major, minor } = choice;
  if (major === undefined || minor === undefined) {
    // The recommended version: of the template, or (a given major) its recommended minor.
    const template = environment
      ? (
          await ctx.find("GetEnvironmentTemplate", (c) =>
            c.send(new GetEnvironmentTemplateCommand({ name: choice.templateName })),
          )
        )?.environmentTemplate
      : (
          await ctx.find("GetServiceTemplate", (c) =>
            c.send(new GetServiceTemplateCommand({ name: choice.templateName })),
          )
        )?.serviceTemplate;
    const [recommendedMajor, recommendedMinor] = (template?.recommendedVersion ?? "").split(".");
    if (!recommendedMajor || (major !== undefined && major !== recommendedMajor)) return undefined;
    [major, minor] = [recommendedMajor, recommendedMinor];
  }
  const key = { templateName: choice.templateName, majorVersion: major, minorVersion: minor };
  const version = environment
    ? (
        await ctx.find("GetEnvironmentTemplateVersion", (c) =>
          c.send(new GetEnvironmentTemplateVersionCommand(key)),
        )
      )?.environmentTemplateVersion
    : (await ctx.find("GetServiceTemplateVersion", (c) => c.send(new GetServiceTemplateVersionCommand(key))))
        ?.serviceTemplateVersion;
  return version ? { schema: version.schema, label: `${choice.templateName}:${major}.${minor}` } : undefined;
}

/** The check failures of a spec against its version's schema (none when it fits or is not known yet). */
export async function specFailures(
  kind: string,
  target: SpecTarget,
  olds: PropertyBag,
  news: PropertyBag,
): Promise<pulumi.dynamic.CheckFailure[]> {
  if (!known(news.spec)) return [];
  const ctx = createContext(kind, String(news.name ?? news.serviceName ?? kind), news as CommonInputs);
  const choice = await target.version(ctx, olds ?? {}, news);
  if (!choice) return [];
  const found = await schemaOf(ctx, choice);
  const schema = found?.schema && versionSchema(found.schema, choice.kind);
  if (!found || !schema) return [];
  return target.sections(news).flatMap(({ where, section, inputs }) =>
    checkSection(schema, section, inputs).problems.map((problem) => ({
      property: "spec",
      reason: `${describeInputProblem(where, problem)}, against the schema of template version ${found.label}`,
    })),
  );
}

/** Adds the spec check to a provider's check: failures only when the rest of the inputs passed. */
export function withSpecCheck<I extends PropertyBag, O extends PropertyBag>(
  provider: pulumi.dynamic.ResourceProvider<I, O>,
  kind: string,
  target: SpecTarget,
): pulumi.dynamic.ResourceProvider<I, O> {
  return withExtraCheck(provider, async (olds, _news, checked) =>
    (checked.failures ?? []).length > 0
      ? []
      : specFailures(kind, target, olds, checked.inputs as PropertyBag),
  );
}
