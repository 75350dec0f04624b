/**
 * Template bundles as bytes: a deterministic tar.gz writer (same files -> same bytes -> same hash) and a
 * reader for any tar.gz a person or a tool made (ustar, GNU and pax entries, read by node-tar).
 *
 * The writer puts regular files only, sorted by path, with every piece of metadata fixed: mode 0644
 * (0755 when any execute bit is set), uid/gid 0, no user or group names, mtime 0, and a gzip header
 * without a name, a time or an OS of its own. Directories are implied by the paths, as Proton reads them.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { Parser } from "tar";

/** A bundle's files by their path inside it (`/`-separated, no leading `./`). */
export type BundleFiles = ReadonlyMap<string, Buffer>;

/** A bundle that is not a readable tar.gz, or a directory that cannot be packed. */
export class TarballError extends Error {
  override readonly name = "TarballError";
}

const BLOCK = 512;

/** Writes `value` as a zero-padded octal field of `width` bytes (the last one NUL). */
function octal(header: Buffer, offset: number, width: number, value: number): void {
  header.write(value.toString(8).padStart(width - 1, "0"), offset, width - 1, "ascii");
  header[offset + width - 1] = 0;
}

/** ustar splits a long path into a prefix (up to 155 bytes) and a name (up to 100), at a `/`. */
function splitPath(file: string): { name: string; prefix: string } {
  if (Buffer.byteLength(file) <= 100) return { name: file, prefix: "" };
  for (let cut = file.indexOf("/"); cut !== -1; cut = file.indexOf("/", cut + 1)) {
    const prefix = file.slice(0, cut);
    const name = file.slice(cut + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  throw new TarballError(`${file}: the path is too long for a tar entry (ustar: 155 + 100 bytes)`);
}

function header(file: string, size: number, executable: boolean): Buffer {
  const block = Buffer.alloc(BLOCK);
  const { name, prefix } = splitPath(file);
  block.write(name, 0, 100, "utf8");
  octal(block, 100, 8, executable ? 0o755 : 0o644);
  octal(block, 108, 8, 0); // uid
  octal(block, 116, 8, 0); // gid
  octal(block, 124, 12, size);
  octal(block, 136, 12, 0); // mtime
  block.write("        ", 148, 8, "ascii"); // checksum placeholder: spaces while summing
  block.write("0", 156, 1, "ascii"); // regular file
  block.write("ustar\u000000", 257, 8, "ascii");
  block.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, "0")}\u0000 `, 148, 8, "ascii");
  return block;
}

export interface PackEntry {
  path: string;
  content: Buffer;
  executable?: boolean;
}

/** The tar.gz of `entries` (sorted by path here, so the caller's order never matters). */
export function packEntries(entries: readonly PackEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const blocks: Buffer[] = [];
  for (const entry of sorted) {
    blocks.push(header(entry.path, entry.content.length, entry.executable === true), entry.content);
    const padding = (BLOCK - (entry.content.length % BLOCK)) % BLOCK;
    if (padding > 0) blocks.push(Buffer.alloc(padding));
  }
  blocks.push(Buffer.alloc(BLOCK * 2));
  const gzip = zlib.gzipSync(Buffer.concat(blocks), { level: 9 });
  // The gzip header's OS byte differs between platforms' zlib builds: 255 ("unknown") everywhere.
  gzip[9] = 255;
  return gzip;
}

/** Names that are never part of a bundle: version control and editor/OS litter. */
const IGNORED = new Set([".git", ".hg", ".svn", ".DS_Store", "Thumbs.db"]);

/** The files under `directory` (recursively; symbolic links followed), as bundle entries. */
export function directoryEntries(directory: string): PackEntry[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(directory);
  } catch {
    throw new TarballError(`${directory}: no such directory`);
  }
  if (!stat.isDirectory()) throw new TarballError(`${directory}: not a directory`);
  const entries: PackEntry[] = [];
  const walk = (relative: string) => {
    for (const name of fs.readdirSync(path.join(directory, relative)).sort()) {
      if (IGNORED.has(name)) continue;
      const inner = relative === "" ? name : `${relative}/${name}`;
      const full = path.join(directory, inner);
      const info = fs.statSync(full);
      if (info.isDirectory()) walk(inner);
      else if (info.isFile())
        entries.push({ path: inner, content: fs.readFileSync(full), executable: (info.mode & 0o111) !== 0 });
    }
  };
  walk("");
  return entries;
}

/** Packs a directory: its tar.gz, the files in it and the tar.gz's SHA-256 (hex). */
export function packDirectory(directory: string): { bytes: Buffer; files: BundleFiles; sha256: string } {
  const entries = directoryEntries(directory);
  const bytes = packEntries(entries);
  return { bytes, files: new Map(entries.map((e) => [e.path, e.content])), sha256: sha256(bytes) };
}

export const sha256 = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

/** `./a/b` and `a//b` are `a/b`; a path escaping the bundle (`..`, absolute) is refused. */
function normalise(entryPath: string): string | undefined {
  const parts = entryPath.split("/").filter((part) => part !== "" && part !== ".");
  if (entryPath.startsWith("/") || parts.includes("..")) return undefined;
  return parts.join("/");
}

/**
 * The regular files of a tar.gz. Not gzip, or gzip of something that is not a tar, is a TarballError
 * saying which; directories, links and other entries are skipped.
 */
export function readTarball(bytes: Buffer): Map<string, Buffer> {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b)
    throw new TarballError("not a gzip file (a template bundle is a .tar.gz)");
  let tar: Buffer;
  try {
    tar = zlib.gunzipSync(bytes);
  } catch (error) {
    throw new TarballError(`the gzip data is corrupt (${(error as Error).message})`);
  }
  const files = new Map<string, Buffer>();
  const problems: string[] = [];
  let entries = 0;
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry) => {
      entries++;
      const chunks: Buffer[] = [];
      const name = normalise(entry.path);
      if (name === undefined) problems.push(`${entry.path}: the path leaves the bundle`);
      if (entry.type !== "File" && entry.type !== "OldFile" && entry.type !== "ContiguousFile") {
        entry.resume();
        return;
      }
      entry.on("data", (chunk: Buffer) => chunks.push(chunk));
      entry.on("end", () => {
        if (name !== undefined && name !== "") files.set(name, Buffer.concat(chunks));
      });
    },
  });
  parser.on("error", (error: Error) => problems.push(error.message));
  parser.on("warn", (_code: string, message: string | Error) => problems.push(String(message)));
  try {
    parser.end(tar);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0) throw new TarballError(`not a valid tar archive inside the gzip (${problems[0]})`);
  if (entries === 0) throw new TarballError("the archive is empty or not a tar archive");
  return files;
}
