/**
 * `pulumi-aws-proton discover`: lists every Proton entity of one account and region through the API and
 * writes a `pulumi import --file` document for them, so one `pulumi import --file` brings a whole estate
 * under management (with the generated code in the program's language). One row of DISCOVERY per
 * resource kind: how to list it and what its import id (docs/reference.md) and logical name are.
 *
 * The document has no parents. Proton's relations (a version belongs to its template, an environment
 * runs a version, a service has instances in environments, an environment uses a connection) form a
 * graph, not a tree, and the engine deletes a parent tree in levels, children first: a version would be
 * deleted before the environments and services that use it, and refused. An import file carries no
 * other dependencies, so a destroy right after the import starts every delete at once and the plugin
 * orders the ones Proton refuses (deletes.ts). Entries are listed dependencies first, so the generated
 * code reads top-down.
 */
import {
  GetAccountSettingsCommand,
  GetServiceCommand,
  GetServiceSyncConfigCommand,
  GetTemplateSyncConfigCommand,
  ListComponentsCommand,
  ListEnvironmentAccountConnectionsCommand,
  ListEnvironmentsCommand,
  ListEnvironmentTemplatesCommand,
  ListEnvironmentTemplateVersionsCommand,
  ListServiceInstancesCommand,
  ListServicesCommand,
  ListRepositoriesCommand,
  ListServiceTemplatesCommand,
  ListServiceTemplateVersionsCommand,
} from "@aws-sdk/client-proton";
import type { OperationContext } from "../core/context";
import { isNotFound } from "../core/errors";
import { readAll, readOne } from "../core/function";
import type { PropertyBag } from "../core/values";

/** One entity to import: its import id and the logical name it gets (unique in the document). */
export interface Found {
  id: string;
  name: string;
}

/** Summaries listed so far, by kind: later rows list children of earlier ones (versions of templates). */
export type Listed = ReadonlyMap<string, readonly PropertyBag[]>;

export interface DiscoveryRow {
  /** The resource kind (`proton:index:<kind>`); a row whose kind the provider lacks is skipped. */
  kind: string;
  /** How progress lines and the summary name the kind. */
  label: string;
  /** Every entity of the kind, as Proton's summaries. */
  list(ctx: OperationContext, listed: Listed): Promise<PropertyBag[]>;
  /** The import id and the preferred logical name of one summary. */
  identify(summary: PropertyBag, region: string): Found;
}

const str = (value: unknown) => String(value ?? "");
type ListCommand = Parameters<typeof readAll>[0];

/** Every page of one List call, as its list member's summaries. */
const listAll = (ctx: OperationContext, command: ListCommand, member: string, args: PropertyBag = {}) =>
  readAll(command, member)(ctx, args).then((answer) => answer[member] as PropertyBag[]);
const of = (listed: Listed, kind: string) => listed.get(kind) ?? [];

/** A template kind's versions that exist as resources (registration settled, not failed). */
const versionsOf =
  (templateKind: string, command: ListCommand) => async (ctx: OperationContext, listed: Listed) => {
    const perTemplate = await Promise.all(
      of(listed, templateKind).map((t) =>
        listAll(ctx, command, "templateVersions", { templateName: t.name }),
      ),
    );
    return perTemplate.flat().filter((v) => v.status === "DRAFT" || v.status === "PUBLISHED");
  };

const version = (v: PropertyBag): Found => ({
  id: `${str(v.templateName)}:${str(v.majorVersion)}.${str(v.minorVersion)}`,
  name: `${str(v.templateName)}-v${str(v.majorVersion)}-${str(v.minorVersion)}`,
});

const byName = (summary: PropertyBag): Found => ({ id: str(summary.name), name: str(summary.name) });

/** One Get per parent that may have the entity (sync configurations have no List): the ones that exist. */
const perParent =
  (
    parents: readonly string[],
    command: Parameters<typeof readOne>[0],
    member: string,
    args: (p: PropertyBag) => PropertyBag,
  ) =>
  async (ctx: OperationContext, listed: Listed) => {
    const found = await Promise.all(
      parents
        .flatMap((kind) => of(listed, kind))
        .map((parent) =>
          readOne(command, member)(ctx, args(parent)).catch((error: unknown) => {
            if (isNotFound(error)) return undefined;
            throw error;
          }),
        ),
    );
    return found.filter((f): f is PropertyBag => f !== undefined && Object.keys(f).length > 0);
  };

/** The account's connections from one side (it requested them, or they were requested of it). */
const connections =
  (requestedBy: "ENVIRONMENT_ACCOUNT" | "MANAGEMENT_ACCOUNT", keep: (status: unknown) => boolean) =>
  async (ctx: OperationContext) => {
    const member = "environmentAccountConnections";
    const all = await listAll(ctx, ListEnvironmentAccountConnectionsCommand, member, { requestedBy });
    return all.filter((c) => keep(c.status));
  };

/** Dependencies first: templates, versions, connections, environments, services, their parts. */
export const DISCOVERY: readonly DiscoveryRow[] = [
  {
    kind: "EnvironmentTemplate",
    label: "environment templates",
    list: (ctx) => listAll(ctx, ListEnvironmentTemplatesCommand, "templates"),
    identify: byName,
  },
  {
    kind: "EnvironmentTemplateVersion",
    label: "environment template versions",
    list: versionsOf("EnvironmentTemplate", ListEnvironmentTemplateVersionsCommand),
    identify: version,
  },
  {
    kind: "ServiceTemplate",
    label: "service templates",
    list: (ctx) => listAll(ctx, ListServiceTemplatesCommand, "templates"),
    identify: byName,
  },
  {
    kind: "ServiceTemplateVersion",
    label: "service template versions",
    list: versionsOf("ServiceTemplate", ListServiceTemplateVersionsCommand),
    identify: version,
  },
  {
    kind: "Repository",
    label: "linked repositories",
    list: (ctx) => listAll(ctx, ListRepositoriesCommand, "repositories"),
    identify: (r) => ({ id: `${str(r.provider)}:${str(r.name)}`, name: `repository-${str(r.name)}` }),
  },
  {
    kind: "TemplateSyncConfig",
    label: "template sync configurations",
    list: perParent(
      ["EnvironmentTemplate", "ServiceTemplate"],
      GetTemplateSyncConfigCommand,
      "templateSyncConfig",
      (t) => ({
        templateName: t.name,
        templateType: str(t.arn).includes(":service-template/") ? "SERVICE" : "ENVIRONMENT",
      }),
    ),
    identify: (c) => ({
      id: `${str(c.templateType)}:${str(c.templateName)}`,
      name: `${str(c.templateName)}-sync`,
    }),
  },
  {
    kind: "EnvironmentAccountConnection",
    label: "environment account connections (requested by this account)",
    list: connections("ENVIRONMENT_ACCOUNT", (status) => status !== "REJECTED"),
    identify: (c) => ({
      id: str(c.id),
      name: `connection-to-${str(c.managementAccountId)}-${str(c.environmentName)}`,
    }),
  },
  {
    kind: "EnvironmentAccountConnectionAccepter",
    label: "environment account connections (accepted by this account)",
    // A pending request is not accepted yet, a rejected one never will be: only accepted ones are.
    list: connections("MANAGEMENT_ACCOUNT", (status) => status === "CONNECTED"),
    identify: (c) => ({
      id: str(c.id),
      name: `connection-from-${str(c.environmentAccountId)}-${str(c.environmentName)}`,
    }),
  },
  {
    kind: "Environment",
    label: "environments",
    list: (ctx) => listAll(ctx, ListEnvironmentsCommand, "environments"),
    identify: byName,
  },
  {
    kind: "Service",
    label: "services",
    list: (ctx) => listAll(ctx, ListServicesCommand, "services"),
    identify: byName,
  },
  {
    kind: "ServiceInstance",
    label: "service instances",
    list: (ctx) => listAll(ctx, ListServiceInstancesCommand, "serviceInstances"),
    identify: (i) => ({
      id: `${str(i.serviceName)}/${str(i.name)}`,
      name: `${str(i.serviceName)}-${str(i.name)}`,
    }),
  },
  {
    kind: "ServicePipeline",
    label: "service pipelines",
    // A service has a pipeline when its template has one; only the service's detail says so.
    list: async (ctx, listed) =>
      (
        await Promise.all(
          of(listed, "Service").map((s) => readOne(GetServiceCommand, "service")(ctx, { name: s.name })),
        )
      ).filter((s) => s.pipeline !== undefined),
    identify: (s) => ({ id: str(s.name), name: `${str(s.name)}-pipeline` }),
  },
  {
    kind: "ServiceSyncConfig",
    label: "service sync configurations",
    list: perParent(["Service"], GetServiceSyncConfigCommand, "serviceSyncConfig", (s) => ({
      serviceName: s.name,
    })),
    identify: (c) => ({ id: str(c.serviceName), name: `${str(c.serviceName)}-sync` }),
  },
  {
    kind: "Component",
    label: "components",
    list: (ctx) => listAll(ctx, ListComponentsCommand, "components"),
    identify: byName,
  },
  {
    kind: "TemplateBundle",
    label: "template bundles",
    // A bundle is a local directory packed into S3, not a Proton entity: Proton lists none to import.
    list: async () => [],
    identify: (s) => ({ id: String(s.id), name: "template-bundle" }),
  },
  {
    kind: "AccountSettings",
    label: "account settings",
    // The settings always exist; they are worth managing once something is set.
    list: async (ctx) => {
      const settings = await readOne(GetAccountSettingsCommand, "accountSettings")(ctx, {});
      return Object.values(settings).some((v) => v !== undefined && v !== "") ? [settings] : [];
    },
    identify: (_s, region) => ({ id: `accountSettings:${region}`, name: "account-settings" }),
  },
];

export interface ImportEntry {
  type: string;
  name: string;
  id: string;
}

export interface Discovery {
  /** The `pulumi import --file` document. */
  document: { resources: ImportEntry[] };
  /** Entities found per row label, in DISCOVERY's order. */
  counts: [label: string, count: number][];
}

/**
 * Lists every kind the provider has, in DISCOVERY's order, and names each entity uniquely (a name
 * already taken gets the kind appended, then a number).
 */
export async function discover(
  ctx: OperationContext,
  kinds: ReadonlySet<string>,
  progress: (label: string, count: number) => void,
  rows: readonly DiscoveryRow[] = DISCOVERY,
): Promise<Discovery> {
  const region = ctx.connection.region ?? (await ctx.client.config.region());
  const listed = new Map<string, PropertyBag[]>();
  const taken = new Set<string>();
  const resources: ImportEntry[] = [];
  const counts: [string, number][] = [];
  for (const row of rows.filter((r) => kinds.has(r.kind))) {
    const summaries = await row.list(ctx, listed);
    listed.set(row.kind, summaries);
    for (const summary of summaries) {
      const { id, name } = row.identify(summary, region);
      let unique = taken.has(name) ? `${name}-${row.kind}` : name;
      for (let n = 2; taken.has(unique); n++) unique = `${name}-${row.kind}-${n}`;
      taken.add(unique);
      resources.push({ type: `proton:index:${row.kind}`, name: unique, id });
    }
    counts.push([row.label, summaries.length]);
    progress(row.label, summaries.length);
  }
  return { document: { resources }, counts };
}
