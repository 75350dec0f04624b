/**
 * GetResourcesSummary: how many resources of each type the account has, how many failed, and how stale
 * the deployed ones are. A deployed resource (environment, service instance, pipeline) is behind its
 * template's recommended version by a major (it runs an older major) or by a minor (it runs the
 * recommended major, at an older minor); a service is as stale as its stalest instance or pipeline.
 * Templates are counted, no more; so are components (total and failed: they run no template version).
 */
import type { GetResourcesSummaryOutput, ResourceCountsSummary } from "@aws-sdk/client-proton";
import type { EntityModule, OperationContext } from "../operations";
import type { Partition } from "../store";
import type { DeploymentFields, DeploymentStatus } from "./deployment.records";
import { componentsOf } from "./component.records";
import { environmentsOf } from "./environment.records";
import { servicesOf, type ServiceRecord, type ServiceStatus } from "./service.records";
import { allInstancesOf, instancesOf } from "./serviceInstance.records";
import { compareNumeric, recommendedVersion, templatesOf, type TemplateKind } from "./templates.records";

/** From freshest to stalest, so a service takes the last of its children's. */
const STALENESS = ["upToDate", "behindMinor", "behindMajor"] as const;
type Staleness = (typeof STALENESS)[number];

const FAILED_DEPLOYMENTS: ReadonlySet<DeploymentStatus> = new Set(["FAILED", "DELETE_FAILED"]);
const FAILED_SERVICES: ReadonlySet<ServiceStatus> = new Set([
  "CREATE_FAILED",
  "CREATE_FAILED_CLEANUP_COMPLETE",
  "CREATE_FAILED_CLEANUP_FAILED",
  "DELETE_FAILED",
  "UPDATE_FAILED",
  "UPDATE_FAILED_CLEANUP_COMPLETE",
  "UPDATE_FAILED_CLEANUP_FAILED",
  "UPDATE_COMPLETE_CLEANUP_FAILED",
]);

/** A resource's version against its template's recommended one (none published: nothing to update to). */
function staleness(partition: Partition, kind: TemplateKind, record: DeploymentFields): Staleness {
  const template = templatesOf(partition, kind)[record.templateName];
  const recommended = template && recommendedVersion(template);
  if (recommended === undefined) return "upToDate";
  const [major, minor] = recommended.split(".");
  const byMajor = compareNumeric(record.templateMajorVersion, major);
  if (byMajor < 0) return "behindMajor";
  return byMajor === 0 && compareNumeric(record.templateMinorVersion, minor) < 0 ? "behindMinor" : "upToDate";
}

interface Counted {
  failed: boolean;
  staleness: Staleness;
}

function tally(items: readonly Counted[]): ResourceCountsSummary {
  const count = (test: (item: Counted) => boolean) => items.filter(test).length;
  return {
    total: items.length,
    failed: count((item) => item.failed),
    ...Object.fromEntries(STALENESS.map((level) => [level, count((item) => item.staleness === level)])),
  };
}

const deployed =
  (partition: Partition, kind: TemplateKind) =>
  (record: DeploymentFields): Counted => ({
    failed: FAILED_DEPLOYMENTS.has(record.deploymentStatus),
    staleness: staleness(partition, kind, record),
  });

function serviceCounted(partition: Partition, service: ServiceRecord): Counted {
  const children = [...instancesOf(partition, service.name), ...(service.pipeline ? [service.pipeline] : [])];
  const levels = children.map((child) => STALENESS.indexOf(staleness(partition, "service", child)));
  return { failed: FAILED_SERVICES.has(service.status), staleness: STALENESS[Math.max(0, ...levels)] };
}

function summary(ctx: OperationContext): GetResourcesSummaryOutput {
  const partition = ctx.partition;
  const services = Object.values(servicesOf(partition));
  const pipelines = services.flatMap((service) => (service.pipeline ? [service.pipeline] : []));
  const components = Object.values(componentsOf(partition));
  return {
    counts: {
      environmentTemplates: { total: Object.keys(templatesOf(partition, "environment")).length },
      serviceTemplates: { total: Object.keys(templatesOf(partition, "service")).length },
      environments: tally(Object.values(environmentsOf(partition)).map(deployed(partition, "environment"))),
      serviceInstances: tally(Object.values(allInstancesOf(partition)).map(deployed(partition, "service"))),
      pipelines: tally(pipelines.map(deployed(partition, "service"))),
      services: tally(services.map((service) => serviceCounted(partition, service))),
      // Components run no template version: counted, no staleness.
      components: {
        total: components.length,
        failed: components.filter((c) => FAILED_DEPLOYMENTS.has(c.deploymentStatus)).length,
      },
    },
  };
}

export const resourcesSummary: EntityModule = { operations: { GetResourcesSummary: summary } };
