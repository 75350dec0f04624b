/**
 * The model's `pattern` constraints as JavaScript regular expressions.
 *
 * Smithy patterns are ECMA 262 expressions that match anywhere in the value: they are not implicitly
 * anchored, and the model anchors with `^...$` where it means the whole value (RepositoryName, for one,
 * is not anchored). They run with the `u` flag so that `.` and classes see code points, as the length
 * constraints count them. Two things need care:
 * - `u` mode refuses escapes of characters that need none (`\-` outside a class, `\_`, `\@`): those become
 *   the plain character, which is what they mean in every dialect.
 * - Constructs that mean something else (or nothing) in the Java-style dialect AWS's validators use are
 *   refused rather than guessed: `\A \Z \z \Q \E \G \R \h \p{} \P{}` and other letter escapes JavaScript
 *   lacks, inline flags `(?i)`, lookbehind, possessive quantifiers, nested classes, `&&` in a class and
 *   classes that start with `]`. A model that starts using one fails the emulator's tests instead of being
 *   validated wrongly.
 * `$` matches only at the very end (Java's `$` also matches before a final line break): the stricter
 * reading, so "name\n" is not a valid ResourceName here.
 */

/** Escapes JavaScript's `u` mode keeps as they are: classes, control escapes and syntax characters. */
const KEPT_ESCAPES = new Set([..."dDwWsSbBfnrtv0123456789cxu", ..."^$\\.*+?()[]{}|/"]);

export class UnsupportedPattern extends Error {}

/** The JavaScript source of a model pattern (throws UnsupportedPattern for constructs it won't guess at). */
export function translatePattern(pattern: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    const next = pattern[i + 1];
    if (char === "\\") {
      if (next === undefined) throw new UnsupportedPattern(`pattern ${pattern} ends in a lone backslash`);
      // An escaped letter JavaScript doesn't share (\A, \Z, \p, \e...) means something else in one dialect.
      if (/[A-Za-z]/.test(next) && !KEPT_ESCAPES.has(next))
        throw new UnsupportedPattern(`pattern ${pattern}: \\${next} is not portable`);
      // Inside a class `u` mode also accepts `\-`; anywhere else an unneeded escape is the character itself.
      out += KEPT_ESCAPES.has(next) || (inClass && next === "-") ? `\\${next}` : next;
      i++;
    } else if (char === "[" && !inClass) {
      inClass = true;
      out += char;
      if (next === "^") {
        out += next;
        i++;
      }
      // `[]` and `[^]`: an empty class in ECMA 262, a literal `]` in the Java dialect.
      if (pattern[i + 1] === "]") throw new UnsupportedPattern(`pattern ${pattern}: a class starts with ]`);
    } else if (inClass && (char === "[" || (char === "&" && next === "&"))) {
      throw new UnsupportedPattern(`pattern ${pattern}: nested classes and && are Java-only`);
    } else if (char === "]" && inClass) {
      inClass = false;
      out += char;
    } else if (!inClass && char === "(" && next === "?") {
      const kind = pattern.slice(i + 2, i + 3);
      if (kind !== ":" && kind !== "=" && kind !== "!")
        throw new UnsupportedPattern(`pattern ${pattern}: (?${kind} groups are not portable`);
      out += char;
    } else if (!inClass && "*+?}".includes(char) && next === "+") {
      throw new UnsupportedPattern(`pattern ${pattern}: possessive quantifiers are not portable`);
    } else {
      out += char;
    }
  }
  if (inClass) throw new UnsupportedPattern(`pattern ${pattern} has an unclosed character class`);
  return out;
}

/** The compiled pattern (throws UnsupportedPattern naming it when it can't be compiled faithfully). */
export function compilePattern(pattern: string): RegExp {
  const source = translatePattern(pattern);
  try {
    return new RegExp(source, "u");
  } catch (err) {
    throw new UnsupportedPattern(`pattern ${pattern}: ${(err as Error).message}`);
  }
}
