/** A YAML file of a bundle read with its line numbers: every problem found in it names the line. */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type YAMLMap,
} from "yaml";
import type { BundleProblem } from "./problems";

/** A mapping's members with the lines of their keys. */
export interface Member {
  key: string;
  line: number;
  value: Node | null;
}

export class YamlFile {
  readonly problems: BundleProblem[] = [];
  readonly root: Node | null;
  private readonly lines = new LineCounter();
  private readonly doc: Document;

  constructor(
    readonly file: string,
    text: string,
  ) {
    const doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true });
    this.doc = doc;
    for (const error of doc.errors)
      this.problems.push({
        file,
        line: error.linePos?.[0].line,
        message: `not valid YAML: ${firstLine(error.message)}`,
      });
    this.root = doc.errors.length > 0 ? null : (doc.contents as Node | null);
  }

  /** 1-based line of a node (the file's first line when the node is missing). */
  lineOf(node: Node | null | undefined): number {
    const offset = node?.range?.[0];
    return offset === undefined ? 1 : this.lines.linePos(offset).line;
  }

  problem(line: number | undefined, message: string): void {
    this.problems.push({ file: this.file, line, message });
  }

  /** The node an alias (`*name`) stands for; any other node itself. */
  resolve(node: Node | null | undefined): Node | null {
    if (node === null || node === undefined) return null;
    return isAlias(node) ? ((node.resolve(this.doc) as Node | undefined) ?? null) : node;
  }

  /** The members of a mapping node, or undefined (with a problem at `line`) when it is not one. */
  members(given: Node | null | undefined, where: string, line: number): Member[] | undefined {
    const node = this.resolve(given);
    if (!isMap(node)) {
      this.problem(node ? this.lineOf(node) : line, `${where} must be a mapping`);
      return undefined;
    }
    return (node as YAMLMap<Node, Node | null>).items.map((pair) => ({
      key: String(isScalar(pair.key) ? pair.key.value : pair.key),
      line: this.lineOf(pair.key as Node),
      value: this.resolve(pair.value),
    }));
  }
}

/** The plain JavaScript value of a node. */
export const valueOf = (node: Node | null | undefined): unknown =>
  node === null || node === undefined ? null : node.toJSON();

export const isList = isSeq;

const firstLine = (text: string) => text.split("\n")[0];
