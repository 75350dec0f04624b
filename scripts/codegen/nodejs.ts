/**
 * The Node.js SDK surface generated from schema.json: one file per resource (its Args interface and its
 * class with TSDoc and output declarations), the shared object and enum types, and an index. The
 * hand-written runtime beside it (`sdk/nodejs/src/*.ts`: the serialized provider shim, settings,
 * adoption) does the work; generated classes only describe and forward.
 */
import {
  ANY_REF,
  camelCase,
  functionName,
  isEnum,
  kindOf,
  type FunctionSpec,
  type PackageSchema,
  type PropertySpec,
  refName,
  type TypeRef,
} from "../schema/model";
import { docLines, GENERATED_HEADER, type GeneratedFiles } from "./files";

export const SDK_GENERATED_DIR = "sdk/nodejs/src/generated";

/** Enum type names: they have no `Args` variant. */
type EnumNames = ReadonlySet<string>;

/** How a schema type reads in an Args interface (inputs may be eventual: `pulumi.Input`). */
function inputType(t: TypeRef, prefix: string, enums: EnumNames): string {
  if (t.$ref === ANY_REF) return "unknown";
  if (t.$ref) {
    const name = refName(t.$ref);
    return `pulumi.Input<${prefix}${name}${enums.has(name) ? "" : "Args"}>`;
  }
  switch (t.type) {
    case "array":
      return `pulumi.Input<${inputType(t.items ?? { type: "string" }, prefix, enums)}[]>`;
    case "object":
      return `pulumi.Input<{ [key: string]: ${inputType(t.additionalProperties ?? { type: "string" }, prefix, enums)} }>`;
    case "integer":
    case "number":
      return "pulumi.Input<number>";
    default:
      return `pulumi.Input<${t.type ?? "any"}>`;
  }
}

/** How a schema type reads as a resolved output value. */
function outputType(t: TypeRef, prefix: string): string {
  if (t.$ref === ANY_REF) return "unknown";
  if (t.$ref) return `${prefix}${refName(t.$ref)}`;
  switch (t.type) {
    case "array":
      return `${outputType(t.items ?? { type: "string" }, prefix)}[]`;
    case "object":
      return `{ [key: string]: ${outputType(t.additionalProperties ?? { type: "string" }, prefix)} }`;
    case "integer":
    case "number":
      return "number";
    default:
      return t.type ?? "any";
  }
}

const member = (name: string, optional: boolean, type: string, doc: string | undefined) => [
  ...docLines(doc, "  "),
  `  ${name}${optional ? "?" : ""}: ${type};`,
];

function renderTypes(schema: PackageSchema, enums: EnumNames): string {
  const out = [GENERATED_HEADER, 'import type * as pulumi from "@pulumi/pulumi";', ""];
  for (const token of Object.keys(schema.types).sort()) {
    const t = schema.types[token];
    const name = kindOf(token);
    if (isEnum(t)) {
      out.push(...docLines(t.description));
      out.push(`export type ${name} = ${t.enum.map((e) => JSON.stringify(e.value)).join(" | ")};`, "");
      continue;
    }
    const required = new Set(t.required ?? []);
    const props = Object.entries(t.properties);
    out.push(...docLines(t.description), `export interface ${name}Args {`);
    for (const [prop, spec] of props)
      out.push(...member(prop, !required.has(prop), inputType(spec, "", enums), spec.description));
    out.push("}", "");
    out.push(...docLines(t.description), `export interface ${name} {`);
    for (const [prop, spec] of props)
      out.push(...member(prop, !required.has(prop), outputType(spec, ""), spec.description));
    out.push("}", "");
  }
  return out.join("\n");
}

function argsInterface(
  name: string,
  props: Record<string, PropertySpec>,
  required: readonly string[],
  enums: EnumNames,
) {
  const out = [`export interface ${name} {`];
  for (const [prop, spec] of Object.entries(props))
    out.push(...member(prop, !required.includes(prop), inputType(spec, "types.", enums), spec.description));
  out.push("}");
  return out;
}

/** A resource class's output properties, each with its TSDoc (the same in both flavours). */
function outputDeclarations(r: PackageSchema["resources"][string]): string[] {
  const alwaysSet = new Set(r.required ?? []);
  return Object.entries(r.properties).flatMap(([prop, spec]) => {
    const type = outputType(spec, "types.");
    const value = alwaysSet.has(prop) ? type : `${type} | undefined`;
    return [
      ...docLines(spec.description, "  "),
      `  declare public readonly ${prop}: pulumi.Output<${value}>;`,
    ];
  });
}

/** The constructor (`superCall`: its `super(...)` arguments) and `static get` both flavours' classes have. */
function constructorAndGet(kind: string, argsName: string, argsParam: string, superCall: string): string[] {
  return [
    `  constructor(name: string, ${argsParam}, opts?: pulumi.CustomResourceOptions) {`,
    `    super(${superCall});`,
    "  }",
    "",
    `  /** Reads an existing ${kind} by its id without managing it. */`,
    `  static get(name: string, id: pulumi.Input<pulumi.ID>, opts?: pulumi.CustomResourceOptions): ${kind} {`,
    `    return new ${kind}(name, undefined as unknown as ${argsName}, { ...opts, id });`,
    "  }",
  ];
}

function renderResource(schema: PackageSchema, token: string, enums: EnumNames): string {
  const kind = kindOf(token);
  const r = schema.resources[token];
  const required = r.requiredInputs ?? [];
  const argsName = `${kind}Args`;
  // Without required inputs the arguments may be omitted, as Pulumi's own SDKs allow.
  const argsParam = required.length === 0 ? `args?: ${argsName}` : `args: ${argsName}`;
  const outputs = Object.keys(r.properties);
  // `secret: true` members: their inputs are wrapped as secrets and their outputs marked secret.
  const secrets = [
    ...new Set(
      [...Object.entries(r.inputProperties), ...Object.entries(r.properties)]
        .filter(([, spec]) => spec.secret)
        .map(([name]) => name),
    ),
  ];
  const lines = [
    GENERATED_HEADER,
    'import * as pulumi from "@pulumi/pulumi";',
    'import { DynamicResource } from "../resourceInputs";',
    'import type * as types from "./types";',
    "",
    `/** The arguments of {@link ${kind}}. */`,
    ...argsInterface(argsName, r.inputProperties, required, enums),
    "",
    `const OUTPUTS = ${JSON.stringify(outputs)} as const;`,
    "",
    ...(secrets.length > 0 ? [`const SECRETS = ${JSON.stringify(secrets)} as const;`, ""] : []),
    ...docLines(r.description),
    `export class ${kind} extends DynamicResource {`,
  ];
  lines.push(
    ...outputDeclarations(r),
    "",
    ...constructorAndGet(
      kind,
      argsName,
      argsParam,
      `"${kind}", name, args, OUTPUTS, opts${secrets.length > 0 ? ", SECRETS" : ""}`,
    ),
    "}",
    "",
  );
  return lines.join("\n");
}

/** An interface of plain values (a promise function's arguments). */
function plainInterface(name: string, props: Record<string, PropertySpec>, required: readonly string[]) {
  const out = [`export interface ${name} {`];
  for (const [prop, spec] of Object.entries(props))
    out.push(...member(prop, !required.includes(prop), outputType(spec, "types."), spec.description));
  out.push("}");
  return out;
}

function renderFunction(token: string, f: FunctionSpec, enums: EnumNames): string {
  const name = functionName(token);
  const type = name.charAt(0).toUpperCase() + name.slice(1);
  const inputs = f.inputs ?? { properties: {}, required: [] };
  const outputs = f.outputs ?? { properties: {}, required: [] };
  const required = inputs.required ?? [];
  const optional = required.length === 0 ? "?" : "";
  const lines = [
    GENERATED_HEADER,
    'import type * as pulumi from "@pulumi/pulumi";',
    'import { invokeFunction, invokeFunctionOutput } from "../functions";',
    'import type * as types from "./types";',
    "",
    `/** The arguments of {@link ${name}}. */`,
    ...plainInterface(`${type}Args`, inputs.properties, required),
    "",
    `/** The arguments of {@link ${name}Output}: each may be an Input. */`,
    ...argsInterface(`${type}OutputArgs`, inputs.properties, required, enums),
    "",
    `/** What {@link ${name}} answers. */`,
    ...plainInterface(`${type}Result`, outputs.properties, outputs.required ?? []),
    "",
    ...docLines(f.description),
    `export function ${name}(args${optional}: ${type}Args, opts?: pulumi.InvokeOptions): Promise<${type}Result> {`,
    `  return invokeFunction("${token}", { ...args }, opts);`,
    "}",
    "",
    `/** {@link ${name}} with Input arguments, answering an Output. */`,
    `export function ${name}Output(args${optional}: ${type}OutputArgs, opts?: pulumi.InvokeOptions): pulumi.Output<${type}Result> {`,
    `  return invokeFunctionOutput("${token}", { ...args }, opts);`,
    "}",
    "",
  ];
  return lines.join("\n");
}

const enumNames = (schema: PackageSchema): EnumNames =>
  new Set(
    Object.entries(schema.types)
      .filter(([, t]) => isEnum(t))
      .map(([token]) => kindOf(token)),
  );

export function renderNodeSdk(schema: PackageSchema): GeneratedFiles {
  const enums = enumNames(schema);
  const files: GeneratedFiles = new Map();
  const index = [GENERATED_HEADER, 'export type * from "./types";'];
  files.set(`${SDK_GENERATED_DIR}/types.ts`, renderTypes(schema, enums));
  for (const token of Object.keys(schema.resources).sort()) {
    const file = camelCase(kindOf(token));
    files.set(`${SDK_GENERATED_DIR}/${file}.ts`, renderResource(schema, token, enums));
    index.push(`export * from "./${file}";`);
  }
  for (const [token, f] of Object.entries(schema.functions ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const file = functionName(token);
    files.set(`${SDK_GENERATED_DIR}/${file}.ts`, renderFunction(token, f, enums));
    index.push(`export * from "./${file}";`);
  }
  files.set(`${SDK_GENERATED_DIR}/index.ts`, `${index.join("\n")}\n`);
  return files;
}

/**
 * The plugin flavour (`pulumi-aws-proton/plugin`): the same resources and functions as custom
 * resources and invokes of the provider plugin (`proton:index:<Kind>`), for programs that run the
 * plugin and for the code `pulumi import` generates (schema.json `language.nodejs.packageName`). Its
 * Args, Result and object types are the dynamic flavour's (re-exported); enums are values here, since
 * generated code names their members (`proton.TemplateVersionTargetStatus.Published`).
 */
export const PLUGIN_SDK_GENERATED_DIR = "sdk/nodejs/src/plugin/generated";

/** Where the dynamic flavour's generated files are, seen from the plugin flavour's. */
const DYNAMIC = "../../generated";

interface ProviderSpec {
  description?: string;
  inputProperties?: Record<string, PropertySpec>;
}

/** An enum member's name: the schema's `name`, else its value in PascalCase. */
const enumMemberName = (e: { value: string | number | boolean; name?: string }) =>
  e.name ??
  String(e.value)
    .toLowerCase()
    .replace(/(^|[^a-z0-9])([a-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());

function renderPluginEnums(schema: PackageSchema): string {
  const out = [GENERATED_HEADER];
  for (const token of Object.keys(schema.types).sort()) {
    const t = schema.types[token];
    if (!isEnum(t)) continue;
    const name = kindOf(token);
    out.push(...docLines(t.description), `export const ${name} = {`);
    for (const e of t.enum)
      out.push(...docLines(e.description, "  "), `  ${enumMemberName(e)}: ${JSON.stringify(e.value)},`);
    out.push("} as const;", "");
    out.push(...docLines(t.description), `export type ${name} = (typeof ${name})[keyof typeof ${name}];`, "");
  }
  return out.join("\n");
}

function renderPluginResource(schema: PackageSchema, token: string): string {
  const kind = kindOf(token);
  const r = schema.resources[token];
  const argsName = `${kind}Args`;
  const argsParam = (r.requiredInputs ?? []).length === 0 ? `args?: ${argsName}` : `args: ${argsName}`;
  const lines = [
    GENERATED_HEADER,
    'import * as pulumi from "@pulumi/pulumi";',
    `import type { ${argsName} } from "${DYNAMIC}/${camelCase(kind)}";`,
    `import type * as types from "${DYNAMIC}/types";`,
    'import { customResourceArgs } from "../resource";',
    "",
    `export type { ${argsName} };`,
    "",
    `const OUTPUTS = ${JSON.stringify(Object.keys(r.properties))} as const;`,
    "",
    ...docLines(r.description),
    `export class ${kind} extends pulumi.CustomResource {`,
    `  /** The type token the plugin serves. */`,
    `  public static readonly __pulumiType = ${JSON.stringify(token)};`,
    "",
  ];
  lines.push(
    ...outputDeclarations(r),
    "",
    ...constructorAndGet(
      kind,
      argsName,
      argsParam,
      `...customResourceArgs(${kind}.__pulumiType, name, args, OUTPUTS, opts)`,
    ),
    "",
    `  /** Whether \`obj\` is a ${kind}, even one made by another copy of this package. */`,
    `  static override isInstance(obj: unknown): obj is ${kind} {`,
    `    return pulumi.CustomResource.isInstance(obj) && (obj as { __pulumiType?: string }).__pulumiType === ${kind}.__pulumiType;`,
    "  }",
    "}",
    "",
  );
  return lines.join("\n");
}

function renderPluginFunction(token: string, f: FunctionSpec): string {
  const name = functionName(token);
  const type = name.charAt(0).toUpperCase() + name.slice(1);
  const optional = (f.inputs?.required ?? []).length === 0 ? "?" : "";
  const names = [`${type}Args`, `${type}OutputArgs`, `${type}Result`];
  return [
    GENERATED_HEADER,
    'import * as pulumi from "@pulumi/pulumi";',
    `import type { ${names.join(", ")} } from "${DYNAMIC}/${name}";`,
    'import { invokeOptions } from "../resource";',
    "",
    `export type { ${names.join(", ")} };`,
    "",
    ...docLines(f.description),
    `export function ${name}(args${optional}: ${type}Args, opts?: pulumi.InvokeOptions): Promise<${type}Result> {`,
    `  return pulumi.runtime.invoke(${JSON.stringify(token)}, { ...args }, invokeOptions(opts));`,
    "}",
    "",
    `/** {@link ${name}} with Input arguments, answering an Output. */`,
    `export function ${name}Output(args${optional}: ${type}OutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<${type}Result> {`,
    `  return pulumi.runtime.invokeOutput(${JSON.stringify(token)}, { ...args }, invokeOptions(opts));`,
    "}",
    "",
  ].join("\n");
}

function renderPluginProvider(schema: PackageSchema, enums: EnumNames): string {
  const provider = ((schema as { provider?: ProviderSpec }).provider ?? {}) as ProviderSpec;
  const props = provider.inputProperties ?? {};
  const lines = [
    GENERATED_HEADER,
    'import * as pulumi from "@pulumi/pulumi";',
    'import { providerInputs, resourceOptions } from "../resource";',
    "",
    "/** The arguments of {@link Provider}. */",
    ...argsInterface("ProviderArgs", props, [], enums),
    "",
    ...docLines(provider.description),
    "export class Provider extends pulumi.ProviderResource {",
    `  /** The type token of the package's providers. */`,
    `  public static readonly __pulumiType = ${JSON.stringify(schema.name)};`,
    "",
    "  constructor(name: string, args?: ProviderArgs, opts?: pulumi.ResourceOptions) {",
    "    super(Provider.__pulumiType, name, providerInputs({ ...args }), resourceOptions(opts));",
    "  }",
    "",
    "  /** Whether `obj` is a Provider of this package, even one made by another copy of it. */",
    "  static override isInstance(obj: unknown): obj is Provider {",
    "    return pulumi.ProviderResource.isInstance(obj) && (obj as { __pulumiType?: string }).__pulumiType === `pulumi:providers:${Provider.__pulumiType}`;",
    "  }",
    "}",
    "",
  ];
  return lines.join("\n");
}

export function renderNodePluginSdk(schema: PackageSchema): GeneratedFiles {
  const enums = enumNames(schema);
  const objectTypes = Object.keys(schema.types)
    .filter((token) => !enums.has(kindOf(token)))
    .map(kindOf)
    .sort()
    .flatMap((name) => [name, `${name}Args`]);
  const files: GeneratedFiles = new Map();
  const index = [
    GENERATED_HEADER,
    `export type { ${objectTypes.join(", ")} } from "${DYNAMIC}/types";`,
    'export * from "./enums";',
    'export * from "./provider";',
  ];
  files.set(`${PLUGIN_SDK_GENERATED_DIR}/enums.ts`, renderPluginEnums(schema));
  files.set(
    `${PLUGIN_SDK_GENERATED_DIR}/version.ts`,
    [
      GENERATED_HEADER,
      "/** The provider plugin version these classes ask the engine for (schema.json `version`). */",
      `export const PLUGIN_VERSION = ${JSON.stringify(schema.version ?? "0.0.0")};`,
      "",
    ].join("\n"),
  );
  files.set(`${PLUGIN_SDK_GENERATED_DIR}/provider.ts`, renderPluginProvider(schema, enums));
  for (const token of Object.keys(schema.resources).sort()) {
    const file = camelCase(kindOf(token));
    files.set(`${PLUGIN_SDK_GENERATED_DIR}/${file}.ts`, renderPluginResource(schema, token));
    index.push(`export * from "./${file}";`);
  }
  for (const [token, f] of Object.entries(schema.functions ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const file = functionName(token);
    files.set(`${PLUGIN_SDK_GENERATED_DIR}/${file}.ts`, renderPluginFunction(token, f));
    index.push(`export * from "./${file}";`);
  }
  files.set(`${PLUGIN_SDK_GENERATED_DIR}/index.ts`, `${index.join("\n")}\n`);
  return files;
}
