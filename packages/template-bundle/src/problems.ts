/** What is wrong with a bundle: the file, the line when one is to blame, and what. */
export interface BundleProblem {
  /** Path inside the bundle, e.g. `schema/schema.yaml`, or a directory ending in `/`. */
  file: string;
  /** 1-based line in that file. */
  line?: number;
  message: string;
}

/** `schema/schema.yaml:12: message` (no line: `file: message`). */
export const describeProblem = (problem: BundleProblem): string =>
  `${problem.file}${problem.line === undefined ? "" : `:${problem.line}`}: ${problem.message}`;

/** Every problem of a bundle, one per line. */
export const describeProblems = (problems: readonly BundleProblem[]): string =>
  problems.map(describeProblem).join("\n");

/** The bundle problems of a failed check, as one error (its message lists them). */
export class BundleError extends Error {
  override readonly name = "BundleError";
  constructor(readonly problems: readonly BundleProblem[]) {
    super(describeProblems(problems));
  }
}
