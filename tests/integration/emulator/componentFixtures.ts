/**
 * A platform components attach to, and component IaC files, for the component tests (emulator and
 * provider): real SDK calls against the emulator.
 *
 * Environments: `dev` and `prod` (template `vpc`, service role, component role). Service `api` (template
 * `web` 1.0, which supports DIRECTLY_DEFINED components) has instances `web` and `worker` in dev and
 * `edge` in prod; service `legacy` (template `plain` 1.0, no component sources) has `old` in dev.
 */
import {
  CreateEnvironmentCommand,
  CreateServiceCommand,
  UpdateServiceTemplateVersionCommand,
  waitUntilEnvironmentDeployed,
  waitUntilServiceCreated,
  type ProtonClient,
} from "@aws-sdk/client-proton";
import { waiterFor } from "../../support/emulator";
import {
  environmentSpec,
  environmentTemplate,
  ROLE,
  serviceSpec,
  serviceTemplate,
} from "./deployableFixtures";

export const COMPONENT_ROLE = "arn:aws:iam::123456789012:role/proton-component";

/** A component manifest listing one IaC file. */
export const manifest = (language: "cloudformation" | "terraform" = "cloudformation"): string =>
  [
    "infrastructure:",
    "  templates:",
    `    - file: "${language === "terraform" ? "main.tf" : "cloudformation.yaml"}"`,
    `      rendering_engine: ${language === "terraform" ? "hcl" : "jinja"}`,
    `      template_language: ${language}`,
    "",
  ].join("\n");

/**
 * A CloudFormation component: an SQS queue named after its component, with the retention its instance's
 * `retention` input asks for (default 345600 s), and its name, retention and ARN as outputs.
 */
export const queueTemplate = (note = "v1"): string =>
  [
    `# ${note}`,
    "Resources:",
    "  Queue:",
    "    Type: AWS::SQS::Queue",
    "    Properties:",
    '      QueueName: "{{ component.name }}-{{ environment.name }}"',
    "      MessageRetentionPeriod: {{ service_instance.inputs.retention | default(345600) }}",
    "Outputs:",
    "  QueueName:",
    '    Value: "{{ component.name }}-{{ environment.name }}"',
    "  Retention:",
    "    Value: {{ service_instance.inputs.retention | default(345600) }}",
    "  QueueArn:",
    "    Value: !GetAtt Queue.Arn",
    "",
  ].join("\n");

/** A template CloudFormation would refuse (no Resources): its deployment fails. */
export const brokenTemplate = "Outputs:\n  Nothing:\n    Value: none\n";

export interface PlatformOptions {
  /** Component role on `dev` (default: COMPONENT_ROLE). */
  componentRoleArn?: string | null;
}

export async function componentPlatform(client: ProtonClient, options: PlatformOptions = {}): Promise<void> {
  await environmentTemplate(client, "vpc", ["1.0"]);
  const compatible = [{ templateName: "vpc", majorVersion: "1" }];
  await serviceTemplate(client, "web", ["1.0"], compatible);
  await client.send(
    new UpdateServiceTemplateVersionCommand({
      templateName: "web",
      majorVersion: "1",
      minorVersion: "0",
      supportedComponentSources: ["DIRECTLY_DEFINED"],
    }),
  );
  await serviceTemplate(client, "plain", ["1.0"], compatible);
  const role = options.componentRoleArn === undefined ? COMPONENT_ROLE : options.componentRoleArn;
  for (const name of ["dev", "prod"]) {
    await client.send(
      new CreateEnvironmentCommand({
        name,
        templateName: "vpc",
        templateMajorVersion: "1",
        spec: environmentSpec({ cidr: "10.0.0.0/16" }),
        protonServiceRoleArn: ROLE,
        ...(role === null && name === "dev" ? {} : { componentRoleArn: role ?? COMPONENT_ROLE }),
      }),
    );
    await waitUntilEnvironmentDeployed(waiterFor(client), { name });
  }
  const services: [string, string, [string, string][]][] = [
    [
      "api",
      "web",
      [
        ["web", "dev"],
        ["worker", "dev"],
        ["edge", "prod"],
      ],
    ],
    ["legacy", "plain", [["old", "dev"]]],
  ];
  for (const [name, templateName, instances] of services) {
    await client.send(
      new CreateServiceCommand({
        name,
        templateName,
        templateMajorVersion: "1",
        spec: serviceSpec(
          instances.map(([instance, environment]) => ({
            name: instance,
            environment,
            inputs: { retention: 60 },
          })),
        ),
      }),
    );
    await waitUntilServiceCreated(waiterFor(client), { name });
  }
}

/** The service spec a component attached to `instance` of `api` reads its inputs from. */
export const componentServiceSpec = (
  instance: string,
  inputs: Record<string, unknown>,
  environment = "dev",
) => serviceSpec([{ name: instance, environment, inputs }]);
