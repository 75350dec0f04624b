/** The component manifest and CloudFormation template file, as the emulator reads them. */
import { ProtonError } from "../errors";
import { deployCloudFormation, manifestEngine, type ComponentParameters } from "./componentIac";

const manifest = (language: string, engine: string, file = "cloudformation.yaml") =>
  `infrastructure:\n  templates:\n    - file: "${file}"\n      rendering_engine: ${engine}\n      template_language: ${language}\n`;

/** The message a refused manifest gets. */
function refusal(text: string): string {
  try {
    manifestEngine(text);
  } catch (error) {
    if (error instanceof ProtonError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("manifestEngine", () => {
  it.each([
    ["cloudformation", "jinja", "CLOUDFORMATION"],
    ["terraform", "hcl", "TERRAFORM"],
  ])("%s rendered by %s is %s", (language, engine, expected) => {
    expect(manifestEngine(manifest(language, engine))).toBe(expected);
  });

  const SECRET = "s3cr3t-marker";
  it.each([
    ["invalid YAML", `infrastructure: [${SECRET}`, /not valid YAML/],
    ["no templates", `infrastructure: {}\n# ${SECRET}`, /exactly one IaC file/],
    [
      "two templates",
      `infrastructure:\n  templates:\n    - {file: a, rendering_engine: jinja, template_language: cloudformation}\n    - {file: ${SECRET}, rendering_engine: jinja, template_language: cloudformation}\n`,
      /exactly one IaC file/,
    ],
    [
      "no file",
      `infrastructure:\n  templates:\n    - {rendering_engine: jinja, template_language: cloudformation, x: ${SECRET}}\n`,
      /needs a 'file'/,
    ],
    ["an unknown language", manifest(SECRET, "jinja"), /cloudformation or terraform/],
    ["a mismatched engine", manifest("cloudformation", "hcl", SECRET), /for cloudformation must be jinja/],
    [
      "CodeBuild provisioning",
      `infrastructure:\n  templates:\n    - {file: x, rendering_engine: codebuild, template_language: shell}\n`,
      /cloudformation or terraform/,
    ],
  ])("refuses %s without quoting it", (_case, text, expected) => {
    const message = refusal(text);
    expect(message).toMatch(/^ValidationException: /);
    expect(message).toMatch(expected);
    expect(message).not.toContain(SECRET);
  });
});

const PARAMETERS: ComponentParameters = {
  component: { name: "queue" },
  environment: { name: "dev", outputs: { vpc: "vpc-1" } },
  service: { name: "api" },
  service_instance: { name: "web", inputs: { retention: 120, label: "blue" } },
};

const template = (...lines: string[]) => `${lines.join("\n")}\n`;

describe("deployCloudFormation", () => {
  it("renders parameters and reports the Outputs, intrinsic functions as written", () => {
    const result = deployCloudFormation(
      template(
        "Resources:",
        "  Queue:",
        "    Type: AWS::SQS::Queue",
        "    Properties:",
        '      QueueName: "{{ service.name }}-{{ service_instance.name }}-{{component.name}}"',
        "      MessageRetentionPeriod: {{ service_instance.inputs.retention }}",
        "Outputs:",
        "  QueueName:",
        '    Value: "{{ service.name }}-{{ service_instance.name }}-{{ component.name }}"',
        "  Retention:",
        "    Value: {{ service_instance.inputs.retention }}",
        "  Vpc:",
        "    Value: {{ environment.outputs.vpc }}",
        "  Colour:",
        '    Value: {{ service_instance.inputs.colour | default("green") }}',
        "  QueueUrl:",
        "    Value: !Ref Queue",
        "  QueueArn:",
        "    Value: !GetAtt Queue.Arn",
        "  Joined:",
        "    Value: { 'Fn::Join': ['-', [a, b]] }",
      ),
      PARAMETERS,
    );
    expect(result).toEqual({
      outputs: [
        { key: "QueueName", valueString: "api-web-queue" },
        { key: "Retention", valueString: "120" },
        { key: "Vpc", valueString: "vpc-1" },
        { key: "Colour", valueString: "green" },
        { key: "QueueUrl", valueString: "!Ref Queue" },
        { key: "QueueArn", valueString: "!GetAtt Queue.Arn" },
        { key: "Joined", valueString: '{"Fn::Join":["-",["a","b"]]}' },
      ],
    });
  });

  it("reads JSON templates and templates without Outputs", () => {
    expect(deployCloudFormation('{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}', PARAMETERS)).toEqual(
      { outputs: [] },
    );
  });

  const detached: ComponentParameters = {
    component: { name: "c" },
    environment: { name: "dev", outputs: {} },
  };
  const SECRET = "s3cr3t-marker";
  it.each([
    [
      "no Resources",
      template(`Outputs: {A: {Value: ${SECRET}}}`),
      PARAMETERS,
      /at least one Resources member/,
    ],
    [
      "an empty Resources",
      template("Resources: {}", `# ${SECRET}`),
      PARAMETERS,
      /at least one Resources member/,
    ],
    [
      "an output without Value",
      template("Resources: {Q: {Type: X}}", `Outputs: {A: {Export: ${SECRET}}}`),
      PARAMETERS,
      /must have a Value/,
    ],
    [
      "invalid YAML after rendering",
      template("Resources:", `  Q: [${SECRET}`),
      PARAMETERS,
      /not YAML or JSON/,
    ],
    [
      "an undefined parameter",
      template("Resources:", `  Q: {Type: X, P: "{{ service_instance.inputs.${SECRET} }}"}`),
      PARAMETERS,
      /undefined parameter \(line 2\)/,
    ],
    [
      "instance inputs once detached",
      template("Resources:", "  Q: {Type: X, P: '{{ service_instance.inputs.retention }}'}"),
      detached,
      /undefined parameter/,
    ],
    [
      "a Jinja statement",
      template(`{% if ${SECRET} %}`, "Resources: {Q: {Type: X}}", "{% endif %}"),
      PARAMETERS,
      /Jinja statement \(line 1\)/,
    ],
    [
      "an expression it can't render",
      template("Resources:", `  Q: {Type: X, P: "{{ ${SECRET} | upper }}"}`),
      PARAMETERS,
      /can't render \(line 2\)/,
    ],
  ])("fails a template with %s without quoting it", (_case, text, parameters, expected) => {
    const result = deployCloudFormation(text, parameters);
    expect(result).toEqual({ failure: expect.stringMatching(expected) });
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it("drops Jinja comments", () => {
    expect(deployCloudFormation(template("{# a note #}", "Resources: {Q: {Type: X}}"), PARAMETERS)).toEqual({
      outputs: [],
    });
  });
});
