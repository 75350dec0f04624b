/**
 * Reads the SDK's public surface with the TypeScript compiler: for every exported resource class in
 * sdk/nodejs/src, the properties of its constructor's args type (inputs) and its `pulumi.Output<T>`
 * properties (outputs), each with optionality and a normalized type. Types are resolved by the checker,
 * so inherited members, intersections and shared interfaces count exactly as a user of the SDK sees them.
 */
import * as ts from "typescript";
import { readdirSync } from "fs";
import { join } from "path";
import { repoRoot } from "./model";

export type SdkType =
  | { kind: "string" | "number" | "boolean" | "any" }
  | { kind: "enum"; values: string[] }
  | { kind: "array"; items: SdkType }
  | { kind: "map"; values: SdkType }
  | { kind: "object"; name: string; properties: Record<string, SdkProperty> }
  | { kind: "unsupported"; text: string };

export interface SdkProperty {
  optional: boolean;
  type: SdkType;
}

export interface SdkResource {
  className: string;
  file: string;
  inputs: Record<string, SdkProperty>;
  outputs: Record<string, SdkProperty>;
}

export const sdkSourceDir = join(repoRoot, "sdk", "nodejs", "src");

/** Members every Pulumi resource has; they are not part of this package's schema. */
const pulumiBuiltins = new Set(["id", "urn"]);

function isFromPulumi(symbol: ts.Symbol | undefined): boolean {
  const decl = symbol?.declarations?.[0];
  return decl !== undefined && /node_modules[\\/]@pulumi[\\/]pulumi[\\/]/.test(decl.getSourceFile().fileName);
}

function symbolName(t: ts.Type): string | undefined {
  return (t.aliasSymbol ?? t.getSymbol())?.getName();
}

/** `Promise<T>` and `OutputInstance<T>` are the eventual halves of `pulumi.Input<T>`; drop them. */
function isEventual(t: ts.Type): boolean {
  const name = symbolName(t);
  if (name === "Promise" || name === "OutputInstance" || name === "Output") return true;
  return t.isIntersection() && t.types.some(isEventual);
}

/**
 * The `OutputInstance<T>` half of an Output type. `Output<T>` is `OutputInstance<T> & Lifted<T>`; for a
 * boolean `Lifted` adds nothing and the checker hands back `OutputInstance<T>` alone, for other unions
 * it may hand back a union of intersections that all share one `OutputInstance<T>`.
 */
function outputInstanceOf(t: ts.Type): ts.Type | undefined {
  if (symbolName(t) === "OutputInstance") return t;
  const members = t.isUnion() ? t.types : [t];
  const instances = members.map((m) =>
    m.isIntersection() ? m.types.find((p) => symbolName(p) === "OutputInstance") : undefined,
  );
  return instances.every((i) => i !== undefined) ? instances[0] : undefined;
}

export class SdkReader {
  private readonly checker: ts.TypeChecker;
  private readonly program: ts.Program;

  constructor(private readonly dir: string = sdkSourceDir) {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".d.ts"))
      .map((f) => join(dir, f));
    this.program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      types: ["node"],
    });
    this.checker = this.program.getTypeChecker();
  }

  /** Exported classes (from any file of the SDK) whose base chain reaches a Pulumi resource class. */
  resources(): SdkResource[] {
    const found = new Map<string, SdkResource>();
    for (const sf of this.program.getSourceFiles()) {
      if (!sf.fileName.startsWith(this.dir) || sf.isDeclarationFile) continue;
      ts.forEachChild(sf, (node) => {
        if (!ts.isClassDeclaration(node) || !node.name) return;
        const exported = node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        const isAbstract = node.modifiers?.some((m) => m.kind === ts.SyntaxKind.AbstractKeyword);
        if (!exported || isAbstract || !this.isPulumiResource(node)) return;
        found.set(node.name.text, this.readClass(node));
      });
    }
    return [...found.values()].sort((a, b) => a.className.localeCompare(b.className));
  }

  private isPulumiResource(node: ts.ClassDeclaration): boolean {
    const symbol = node.name && this.checker.getSymbolAtLocation(node.name);
    if (!symbol) return false;
    const instance = this.checker.getDeclaredTypeOfSymbol(symbol);
    const visit = (t: ts.Type): boolean =>
      this.checker.getBaseTypes(t as ts.InterfaceType).some((base) => {
        const name = base.getSymbol()?.getName();
        return (
          (isFromPulumi(base.getSymbol()) && name !== undefined && /Resource$/.test(name)) || visit(base)
        );
      });
    return visit(instance);
  }

  private readClass(node: ts.ClassDeclaration): SdkResource {
    const name = node.name as ts.Identifier;
    const symbol = this.checker.getSymbolAtLocation(name) as ts.Symbol;
    const instance = this.checker.getDeclaredTypeOfSymbol(symbol);

    const outputs: Record<string, SdkProperty> = {};
    for (const prop of this.checker.getPropertiesOfType(instance)) {
      if (pulumiBuiltins.has(prop.getName()) || isFromPulumi(prop)) continue;
      const t = this.checker.getTypeOfSymbol(prop);
      if (symbolName(t) !== "Output" && !outputInstanceOf(t)) continue;
      const inner = this.outputArgument(t);
      outputs[prop.getName()] = { optional: this.includesUndefined(inner), type: this.normalize(inner) };
    }

    const inputs: Record<string, SdkProperty> = {};
    const ctor = node.members.find(ts.isConstructorDeclaration);
    const argsParam = ctor?.parameters[1];
    if (argsParam) {
      const argsType = this.checker.getNonNullableType(this.checker.getTypeAtLocation(argsParam));
      Object.assign(inputs, this.properties(argsType));
    }
    return { className: name.text, file: node.getSourceFile().fileName, inputs, outputs };
  }

  private outputArgument(t: ts.Type): ts.Type {
    if (symbolName(t) === "Output" && t.aliasTypeArguments?.length) return t.aliasTypeArguments[0];
    const instance = outputInstanceOf(t);
    const args = instance ? this.checker.getTypeArguments(instance as ts.TypeReference) : [];
    return args[0] ?? t;
  }

  private includesUndefined(t: ts.Type): boolean {
    const parts = t.isUnion() ? t.types : [t];
    return parts.some((p) => (p.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0);
  }

  private properties(t: ts.Type, depth = 0): Record<string, SdkProperty> {
    const result: Record<string, SdkProperty> = {};
    for (const prop of this.checker.getPropertiesOfType(t)) {
      const optional = (prop.flags & ts.SymbolFlags.Optional) !== 0;
      result[prop.getName()] = {
        optional,
        type: this.normalize(this.checker.getTypeOfSymbol(prop), depth + 1),
      };
    }
    return result;
  }

  /** Strips undefined and the eventual (Promise/Output) halves of inputs, then classifies what is left. */
  normalize(raw: ts.Type, depth = 0): SdkType {
    const text = this.checker.typeToString(raw);
    if (depth > 8) return { kind: "unsupported", text };
    if (raw.flags & ts.TypeFlags.Any || raw.flags & ts.TypeFlags.Unknown) return { kind: "any" };
    const parts = (raw.isUnion() ? raw.types : [raw]).filter(
      (p) => !(p.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void)) && !isEventual(p),
    );
    if (parts.length === 0) return { kind: "unsupported", text };
    if (parts.every((p) => p.flags & ts.TypeFlags.BooleanLike)) return { kind: "boolean" };
    if (parts.every((p) => p.isStringLiteral())) {
      return { kind: "enum", values: parts.map((p) => (p as ts.StringLiteralType).value).sort() };
    }
    if (
      parts.some((p) => p.flags & ts.TypeFlags.String) &&
      parts.every((p) => p.flags & ts.TypeFlags.StringLike)
    )
      return { kind: "string" };
    if (parts.every((p) => p.flags & ts.TypeFlags.NumberLike)) return { kind: "number" };
    if (parts.length !== 1) return { kind: "unsupported", text };
    const t = parts[0];
    if (this.checker.isArrayType(t) || this.checker.isTupleType(t)) {
      const [element] = this.checker.getTypeArguments(t as ts.TypeReference);
      return { kind: "array", items: this.normalize(element, depth + 1) };
    }
    if (t.flags & ts.TypeFlags.Object) {
      const index = this.checker.getIndexTypeOfType(t, ts.IndexKind.String);
      if (index && this.checker.getPropertiesOfType(t).length === 0) {
        return { kind: "map", values: this.normalize(index, depth + 1) };
      }
      return { kind: "object", name: symbolName(t) ?? text, properties: this.properties(t, depth) };
    }
    return { kind: "unsupported", text };
  }
}
