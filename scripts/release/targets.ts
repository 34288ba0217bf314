// The platforms a release ships: Bun's compile targets, the npm package that carries each target's
// runtime, and the krew selector labels (GOOS/GOARCH names, as kubectl and krew use them).
export interface Target {
  /** Our name for it: linux-x64, darwin-arm64, ... */
  id: string;
  /** `bun build --compile --target` */
  bunTarget: string;
  /** The npm package whose bin/bun(.exe) is the runtime the executable embeds. */
  runtimePackage: string;
  os: 'linux' | 'darwin' | 'windows';
  arch: 'amd64' | 'arm64';
  exe: string;
  archive: 'tar.gz' | 'zip';
}

function target(os: Target['os'], arch: Target['arch']): Target {
  const bunArch = arch === 'amd64' ? 'x64' : 'arm64';
  const pkgArch = arch === 'amd64' ? 'x64' : 'aarch64';
  return {
    id: `${os}-${bunArch}`,
    bunTarget: `bun-${os}-${bunArch}`,
    runtimePackage: `@oven/bun-${os}-${pkgArch}`,
    os,
    arch,
    exe: os === 'windows' ? 'kubectl-win.exe' : 'kubectl-win',
    archive: os === 'windows' ? 'zip' : 'tar.gz',
  };
}

export const TARGETS: readonly Target[] = [
  target('linux', 'amd64'),
  target('linux', 'arm64'),
  target('darwin', 'amd64'),
  target('darwin', 'arm64'),
  target('windows', 'amd64'),
  target('windows', 'arm64'),
];

export function archiveName(t: Target): string {
  return `kubectl-win_${t.os}_${t.arch}.${t.archive}`;
}

/** The target this machine runs (for building only what the e2e suite can execute). */
export function hostTarget(): Target | undefined {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  return TARGETS.find((t) => t.os === os && t.arch === arch);
}

/** The Bun version the release is built and tested with (`npm view bun version` when updating). */
export const BUN_VERSION = '1.4.5';
