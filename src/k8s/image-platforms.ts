// What an image's registry says it runs on: the platforms of its manifest list / OCI index (or of its
// single manifest's config), as the Source's optional `imagePlatforms` capability answers them. Only
// asked for when the user opts in (`upgrade-plan --registry`): registries are contacted only when asked.
// OCI image-spec image-index.md ("platform": os, os.version, architecture) and config.md.

/** A pull secret a pod names (spec.imagePullSecrets), with the namespace it lives in. */
export interface PullSecretRef {
  namespace: string;
  name: string;
}

/**
 * One distinct image reference, as written in the pod specs (not normalized: the Source parses it
 * with the distribution reference grammar), with every pull secret that the pods using it name, in
 * every namespace they run in. The Source may use any of them (or none: anonymous).
 */
export interface ImageRequest {
  image: string;
  pullSecrets: PullSecretRef[];
}

/** One entry of a manifest list / OCI index (or the single manifest's config). */
export interface ImagePlatform {
  /** "windows", "linux", ... */
  os: string;
  /** platform.os.version, e.g. "10.0.20348.2849"; absent when the registry does not say. */
  osVersion?: string;
  /** "amd64", "arm64", ... */
  architecture: string;
}

/**
 * The registry's answer for one image: its platforms (and the digest the reference resolved to), or
 * why it could not be read ("401 Unauthorized from registry.example:5000", "timed out after 10s").
 */
export type ImagePlatformsResult = {platforms: ImagePlatform[]; digest?: string} | {error: string};

/**
 * The capability (Capabilities.imagePlatforms). Called once per run, from an analysis's finish(),
 * with the distinct references (each `image` once). The answer's keys are the requests' `image`
 * strings exactly. It never rejects: a failure is that image's `{error}`; an image missing from the
 * answer counts as `{error: 'not answered'}`.
 */
export type ImagePlatformsCapability = (refs: ImageRequest[]) => Promise<Map<string, ImagePlatformsResult>>;

/** The build number of a Windows platform's os.version ("10.0.20348.2849" -> 20348), or undefined. */
export function platformWindowsBuild(p: ImagePlatform): number | undefined {
  if (p.os !== 'windows' || p.osVersion === undefined) return undefined;
  const m = /^10\.0\.(\d+)/.exec(p.osVersion);
  return m ? Number(m[1]) : undefined;
}
