/** Proton ARN formats, one per entity (the resource part follows the IAM service authorization reference). */
export const arnResource = {
  environmentTemplate: (name: string) => `environment-template/${name}`,
  environmentTemplateVersion: (name: string, major: string, minor: string) =>
    `environment-template/${name}:${major}.${minor}`,
  serviceTemplate: (name: string) => `service-template/${name}`,
  serviceTemplateVersion: (name: string, major: string, minor: string) =>
    `service-template/${name}:${major}.${minor}`,
  environment: (name: string) => `environment/${name}`,
  environmentAccountConnection: (id: string) => `environment-account-connection/${id}`,
  service: (name: string) => `service/${name}`,
  serviceInstance: (service: string, instance: string) => `service/${service}/service-instance/${instance}`,
  servicePipeline: (service: string) => `service/${service}/pipeline`,
  component: (name: string) => `component/${name}`,
  /** Proton documents no deployment ARN format; the emulator's. */
  deployment: (id: string) => `deployment/${id}`,
  /** Provider in lower case, as Proton prints it: `repository/github:org/repo`. */
  repository: (provider: string, name: string) => `repository/${provider.toLowerCase()}:${name}`,
} as const;

export function buildArn(region: string, accountId: string, resource: string): string {
  return `arn:aws:proton:${region}:${accountId}:${resource}`;
}

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const match = /^arn:([^:]+):([^:]+):([^:]*):(\d{12}):(.+)$/.exec(arn);
  if (!match) return undefined;
  const [, partition, service, region, accountId, resource] = match;
  return { partition, service, region, accountId, resource };
}
