/**
 * The layout of a template bundle, as Proton registers it:
 *
 *   environment templates             service templates
 *     schema/schema.yaml                schema/schema.yaml
 *     infrastructure/manifest.yaml      instance_infrastructure/manifest.yaml (+ its IaC files)
 *     infrastructure/<IaC files>        pipeline_infrastructure/manifest.yaml (+ IaC), with a pipeline
 *
 * Files may also sit under one top-level directory (as `tar czf bundle.tar.gz my-template/` makes).
 * Each manifest lists its IaC files (`infrastructure.templates`: file, rendering_engine,
 * template_language), or CodeBuild commands (`rendering_engine: codebuild`, `settings.provision`).
 */
import { BundleError, type BundleProblem } from "./problems";
import {
  parseTemplateSchema,
  SCHEMA_FILE,
  schemaKind,
  type TemplateKind,
  type TemplateSchema,
} from "./schema";
import { readTarball, TarballError, type BundleFiles } from "./tarball";
import { valueOf, YamlFile } from "./yamlFile";

export interface BundleCheckOptions {
  /** The template's kind; undefined: taken from the schema's input type. */
  kind?: TemplateKind;
  /** Service templates: whether the template has a Proton pipeline; undefined: as the bundle says. */
  pipeline?: boolean;
}

export interface CheckedBundle {
  kind: TemplateKind;
  schema: TemplateSchema;
  /** Whether the bundle carries a pipeline (service templates). */
  pipeline: boolean;
  files: BundleFiles;
}

/** What `file` names in the problems about the archive itself. */
export const ARCHIVE = "(bundle)";

const INFRASTRUCTURE: Record<TemplateKind, string> = {
  environment: "infrastructure",
  service: "instance_infrastructure",
};
const PIPELINE = "pipeline_infrastructure";

const ENGINES: Record<string, string | undefined> = {
  jinja: "cloudformation",
  hcl: "terraform",
  codebuild: undefined,
};

const hasDirectory = (files: BundleFiles, dir: string) =>
  [...files.keys()].some((f) => f.startsWith(`${dir}/`));

/** The files below a single top-level directory when the bundle's files all sit in one. */
function rooted(files: BundleFiles): BundleFiles {
  if (files.has(SCHEMA_FILE)) return files;
  const tops = new Set([...files.keys()].map((f) => f.split("/")[0]));
  if (tops.size !== 1 || [...files.keys()].some((f) => !f.includes("/"))) return files;
  const [top] = tops;
  return new Map([...files].map(([f, content]) => [f.slice(top.length + 1), content]));
}

function checkManifest(files: BundleFiles, dir: string, problems: BundleProblem[]): void {
  const file = `${dir}/manifest.yaml`;
  const content = files.get(file);
  if (content === undefined) {
    problems.push({
      file: hasDirectory(files, dir) ? file : `${dir}/`,
      message: hasDirectory(files, dir)
        ? "missing from the bundle (it lists the directory's infrastructure as code files)"
        : `missing from the bundle (the infrastructure as code and its manifest.yaml go in ${dir}/)`,
    });
    return;
  }
  const yaml = new YamlFile(file, content.toString("utf8"));
  const root = yaml.root && yaml.members(yaml.root, "the manifest", 1);
  const infrastructure = root?.find((m) => m.key === "infrastructure");
  const templates =
    infrastructure &&
    yaml
      .members(infrastructure.value, "infrastructure", infrastructure.line)
      ?.find((m) => m.key === "templates");
  if (root && !infrastructure)
    yaml.problem(1, 'missing "infrastructure:" (with "templates:", the IaC files)');
  else if (infrastructure && yaml.problems.length === 0 && !templates)
    yaml.problem(infrastructure.line, 'infrastructure: missing "templates:" (the list of IaC files)');
  const list = templates && valueOf(templates.value);
  if (templates && (!Array.isArray(list) || list.length === 0))
    yaml.problem(templates.line, "infrastructure.templates: must be a non-empty list");
  const items =
    templates && Array.isArray(list) ? ((templates.value as unknown as { items: never[] }).items ?? []) : [];
  items.forEach((node, index) => {
    const where = `infrastructure.templates[${index}]`;
    const line = yaml.lineOf(node);
    const members = yaml.members(node, where, line);
    if (!members) return;
    const get = (key: string) => members.find((m) => m.key === key);
    const engine = valueOf(get("rendering_engine")?.value);
    if (typeof engine !== "string" || !(engine in ENGINES)) {
      yaml.problem(
        get("rendering_engine")?.line ?? line,
        `${where}.rendering_engine: must be one of ${Object.keys(ENGINES).join(", ")}`,
      );
      return;
    }
    if (engine === "codebuild") {
      const settings = get("settings");
      const provision =
        settings &&
        yaml.members(settings.value, `${where}.settings`, settings.line)?.find((m) => m.key === "provision");
      const commands = valueOf(provision?.value);
      if (!Array.isArray(commands) || commands.length === 0 || !commands.every((c) => typeof c === "string"))
        yaml.problem(
          provision?.line ?? settings?.line ?? line,
          `${where}.settings.provision: must list the shell commands that provision`,
        );
      return;
    }
    const language = valueOf(get("template_language")?.value);
    if (language !== ENGINES[engine])
      yaml.problem(
        get("template_language")?.line ?? line,
        `${where}.template_language: must be ${ENGINES[engine]} with rendering_engine ${engine}`,
      );
    const fileMember = get("file");
    const named = valueOf(fileMember?.value);
    if (typeof named !== "string" || named === "") {
      yaml.problem(fileMember?.line ?? line, `${where}.file: must name the IaC file in ${dir}/`);
    } else if (named === "*") {
      if (engine !== "hcl") yaml.problem(fileMember?.line, `${where}.file: "*" is for Terraform (hcl) only`);
      else if (![...files.keys()].some((f) => f.startsWith(`${dir}/`) && f.endsWith(".tf")))
        yaml.problem(fileMember?.line, `${where}.file: "*" but ${dir}/ has no .tf file`);
    } else if (!files.has(`${dir}/${named}`)) {
      yaml.problem(fileMember?.line, `${where}.file: ${dir}/${named} is not in the bundle`);
    }
  });
  problems.push(...yaml.problems);
}

/** Checks a bundle's files; every problem names the file (and the line) it is about. */
export function checkBundleFiles(
  all: BundleFiles,
  options: BundleCheckOptions = {},
): { bundle?: CheckedBundle; problems: BundleProblem[] } {
  const files = rooted(all);
  const problems: BundleProblem[] = [];
  const schemaBytes = files.get(SCHEMA_FILE);
  let kind = options.kind;
  let schema: TemplateSchema | undefined;
  if (schemaBytes === undefined) {
    problems.push({
      file: SCHEMA_FILE,
      message: "missing from the bundle (it defines the template's inputs)",
    });
  } else {
    const text = schemaBytes.toString("utf8");
    kind ??= schemaKind(text);
    if (kind === undefined) {
      const parsed = parseTemplateSchema(text, "environment");
      problems.push(
        ...(parsed.problems.some((p) => /not valid YAML|mapping/.test(p.message))
          ? parsed.problems
          : [
              {
                file: SCHEMA_FILE,
                line: 1,
                message:
                  "names neither schema.environment_input_type (an environment template) nor schema.service_input_type (a service template)",
              },
            ]),
      );
    } else {
      const pipeline = kind === "service" ? options.pipeline : undefined;
      const parsed = parseTemplateSchema(text, kind, pipeline);
      problems.push(...parsed.problems);
      schema = parsed.schema;
    }
  }
  if (kind !== undefined) checkManifest(files, INFRASTRUCTURE[kind], problems);
  const schemaPipeline = schema?.inputTypes.pipeline !== undefined;
  const pipeline =
    kind === "service" && (options.pipeline ?? (schemaPipeline || hasDirectory(files, PIPELINE)));
  if (pipeline) checkManifest(files, PIPELINE, problems);
  if (kind === "service" && !pipeline && hasDirectory(files, PIPELINE))
    problems.push({
      file: `${PIPELINE}/`,
      message: "the service template has no pipeline (its pipelineProvisioning is CUSTOMER_MANAGED)",
    });
  if (kind === "service" && options.pipeline === undefined && pipeline && schema && !schemaPipeline)
    problems.push({
      file: SCHEMA_FILE,
      line: 1,
      message: `the bundle has ${PIPELINE}/ but the schema has no pipeline_input_type`,
    });
  if (problems.length > 0 || !schema || kind === undefined) return { problems };
  return { bundle: { kind, schema, pipeline, files }, problems };
}

/** Checks a bundle as Proton gets it: tar.gz bytes. */
export function checkBundle(
  bytes: Buffer,
  options: BundleCheckOptions = {},
): { bundle?: CheckedBundle; problems: BundleProblem[] } {
  let files: BundleFiles;
  try {
    files = readTarball(bytes);
  } catch (error) {
    if (error instanceof TarballError) return { problems: [{ file: ARCHIVE, message: error.message }] };
    throw error;
  }
  return checkBundleFiles(files, options);
}

/** `checkBundleFiles` that throws a BundleError listing the problems. */
export function assertBundle(files: BundleFiles, options: BundleCheckOptions = {}): CheckedBundle {
  const { bundle, problems } = checkBundleFiles(files, options);
  if (!bundle) throw new BundleError(problems);
  return bundle;
}
