// What is known of each image's Windows builds: its registry's manifest list (with --registry, the
// Source's imagePlatforms capability), else its tag (ltsc2022, 1809, 10.0.20348...), said to be inferred.
import {imageTag, imageWindowsBuild} from '../../k8s/windows-image.js';
import {platformWindowsBuild, type ImagePlatformsResult, type ImageRequest, type PullSecretRef} from '../../k8s/image-platforms.js';
import type {Capabilities} from '../../k8s/snapshot.js';
import {describeBuild} from '../../k8s/windows-image.js';

export interface ImageBuilds {
  image: string;
  /** The Windows builds it has (a manifest list may have several); empty when not known. */
  builds: number[];
  /** registry: read from its manifest list; tag: inferred from its tag; none: not known. */
  evidence: 'registry' | 'tag' | 'none';
  /** In words, for messages: "inferred from tag ltsc2019", "registry: 10.0.17763.6893". */
  detail: string;
  /** The registry's error, when it was asked and failed. */
  registryError?: string;
}

/** Collects each distinct image once with every pull secret its pods name. */
export class ImageRequests {
  private readonly byImage = new Map<string, Map<string, PullSecretRef>>();

  add(image: string, namespace: string, pullSecrets: ReadonlyArray<{name?: string}> | undefined): void {
    let secrets = this.byImage.get(image);
    if (!secrets) this.byImage.set(image, (secrets = new Map()));
    for (const s of pullSecrets ?? []) if (s.name) secrets.set(`${namespace}/${s.name}`, {namespace, name: s.name});
  }

  requests(): ImageRequest[] {
    return [...this.byImage].map(([image, secrets]) => ({image, pullSecrets: [...secrets.values()]}));
  }
}

/** Why a reference names no build, in words. */
function noBuildReason(image: string): string {
  if (image.includes('@')) return 'pinned by digest: the tag says nothing';
  const tag = imageTag(image);
  return tag === '' ? 'no tag (latest): a floating tag' : `floating tag ${tag}: it names no Windows build`;
}

export function inferFromTag(image: string): ImageBuilds {
  const build = imageWindowsBuild(image);
  if (build !== undefined) return {image, builds: [build], evidence: 'tag', detail: `inferred from tag ${imageTag(image)} (${describeBuild(build)})`};
  return {image, builds: [], evidence: 'none', detail: noBuildReason(image)};
}

function fromRegistry(image: string, result: ImagePlatformsResult | undefined): ImageBuilds {
  const answer = result ?? {error: 'not answered'};
  if ('error' in answer) {
    const inferred = inferFromTag(image);
    return {...inferred, detail: `registry: ${answer.error}; ${inferred.detail}`, registryError: answer.error};
  }
  const windows = answer.platforms.filter((p) => p.os === 'windows');
  const builds = [...new Set(windows.map(platformWindowsBuild).filter((b): b is number => b !== undefined))].sort();
  const versions = windows.map((p) => p.osVersion ?? 'no os.version').join(', ');
  if (windows.length === 0)
    return {
      image,
      builds: [],
      evidence: 'registry',
      detail: `registry: no Windows platform (${answer.platforms.map((p) => `${p.os}/${p.architecture}`).join(', ') || 'none'})`,
    };
  return {image, builds, evidence: 'registry', detail: `registry: ${versions}`};
}

/** Every image's builds: one capability call for all of them when the registry may be asked, else the tags. */
export async function imageBuilds(requests: ImageRequest[], caps: Capabilities): Promise<Map<string, ImageBuilds>> {
  const out = new Map<string, ImageBuilds>();
  if (caps.imagePlatforms && requests.length > 0) {
    const answers = await caps.imagePlatforms(requests);
    for (const r of requests) out.set(r.image, fromRegistry(r.image, answers.get(r.image)));
    return out;
  }
  for (const r of requests) out.set(r.image, inferFromTag(r.image));
  return out;
}
