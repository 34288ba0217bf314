// Where kube-apiserver served a command's lists from: its watch cache or etcd. A page after the first
// (a `continue` token) is served from the cache only while the cache holds a snapshot at or below the
// token's resourceVersion (ShouldDelegateContinue and shouldDelegateExactRV in
// staging/src/k8s.io/apiserver/pkg/storage/cacher/cacher.go, v1.34.3); each etcd compaction (every 5
// minutes by default, to the revision of the one before: storage/etcd3/compact.go) drops the
// snapshots below it (watch_cache.go Compact), so 5-10 minutes after the last pod changed, every
// further page comes from etcd until one changes again. The unpaginated floor is a
// consistent read, served from the cache either way. At 100,000 pods the two paths cost the apiserver
// about twice as much CPU one way as the other, so the bench says which one each command met. It counts
// the objects each side returned, not the lists: a consistent read from the cache first asks etcd for
// the current resourceVersion with a list of its own (GetCurrentResourceVersion, etcd3/store.go).
import {spawnSync} from 'node:child_process';

export interface ListSources {
  /** Objects the watch cache returned in lists: apiserver_cache_list_returned_objects_total, every resource. */
  cache: number;
  /** Objects lists read from etcd returned: apiserver_storage_list_returned_objects_total, every resource. */
  etcd: number;
}

/** The two counters summed over their series, from the text of kube-apiserver's /metrics. */
export function listSourcesIn(metrics: string): ListSources {
  const out: ListSources = {cache: 0, etcd: 0};
  for (const line of metrics.split('\n')) {
    const m = /^apiserver_(cache|storage)_list_returned_objects_total(?:\{[^}]*\})? (\S+)$/.exec(line);
    if (!m) continue;
    out[m[1] === 'cache' ? 'cache' : 'etcd'] += Number(m[2]);
  }
  return out;
}

/** What was served between two readings. */
export function listSourcesBetween(before: ListSources, after: ListSources): ListSources {
  return {cache: after.cache - before.cache, etcd: after.etcd - before.etcd};
}

export interface MetricsAccess {
  server: string;
  ca: string;
  cert: string;
  key: string;
}

/** The counters now, read with curl as the floors are (undefined when /metrics cannot be read). */
export function readListSources(a: MetricsAccess): ListSources | undefined {
  const r = spawnSync('curl', ['-sf', '--cacert', a.ca, '--cert', a.cert, '--key', a.key, `${a.server}/metrics`], {encoding: 'utf8', maxBuffer: 64 << 20});
  return r.status === 0 ? listSourcesIn(r.stdout) : undefined;
}
