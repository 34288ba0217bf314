import assert from 'node:assert/strict';
import {listSourcesBetween, listSourcesIn} from '../../../bench/list-sources.js';

// Lines as kube-apiserver v1.34.3 writes them on /metrics (Prometheus text format).
const METRICS = `# HELP apiserver_cache_list_total [ALPHA] Number of LIST requests served from watch cache
# TYPE apiserver_cache_list_total counter
apiserver_cache_list_total{group="",index="",resource="pods"} 7055
apiserver_cache_list_total{group="",index="f:spec.nodeName",resource="pods"} 24
apiserver_cache_list_total{group="apps",index="",resource="replicasets"} 11
# HELP apiserver_storage_list_total [ALPHA] Number of LIST requests served from storage
# TYPE apiserver_storage_list_total counter
apiserver_storage_list_total{group="",resource="pods"} 219
apiserver_storage_list_total{group="apps",resource="replicasets"} 3
apiserver_storage_list_evaluated_objects_total{group="",resource="pods"} 900000
apiserver_cache_list_fetched_objects_total{group="",index="",resource="pods"} 12345
`;

describe('bench: where kube-apiserver served the lists from', () => {
  it('sums each counter over its series, and reads no other metric', () => {
    assert.deepEqual(listSourcesIn(METRICS), {cache: 7055 + 24 + 11, etcd: 219 + 3});
  });

  it('says 0 and 0 for text without the counters', () => {
    assert.deepEqual(listSourcesIn('# nothing here\nprocess_cpu_seconds_total 1.5\n'), {cache: 0, etcd: 0});
  });

  it('counts what was served between two readings', () => {
    const after = METRICS.replace('} 7055', '} 7056').replace('} 219', '} 259');
    assert.deepEqual(listSourcesBetween(listSourcesIn(METRICS), listSourcesIn(after)), {cache: 1, etcd: 40});
  });
});
