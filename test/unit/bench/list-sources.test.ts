import assert from 'node:assert/strict';
import {listSourcesBetween, listSourcesIn} from '../../../bench/list-sources.js';

// Lines as kube-apiserver v1.34.3 writes them on /metrics (Prometheus text format).
const METRICS = `# HELP apiserver_cache_list_returned_objects_total [ALPHA] Number of objects returned for a LIST request from watch cache
# TYPE apiserver_cache_list_returned_objects_total counter
apiserver_cache_list_returned_objects_total{group="",resource="pods"} 825004
apiserver_cache_list_returned_objects_total{group="apps",resource="replicasets"} 11
apiserver_cache_list_fetched_objects_total{group="",index="",resource="pods"} 7.755204e+06
apiserver_cache_list_total{group="",index="",resource="pods"} 7055
# HELP apiserver_storage_list_returned_objects_total [ALPHA] Number of objects returned for a LIST request from storage
# TYPE apiserver_storage_list_returned_objects_total counter
apiserver_storage_list_returned_objects_total{group="",resource="pods"} 1.00025e+06
apiserver_storage_list_returned_objects_total{group="apps",resource="replicasets"} 3
apiserver_storage_list_evaluated_objects_total{group="",resource="pods"} 900000
apiserver_storage_list_total{group="",resource="pods"} 219
`;

describe('bench: where kube-apiserver served the lists from', () => {
  it('sums the objects each side returned over their series (Prometheus floats too), and reads no other metric', () => {
    assert.deepEqual(listSourcesIn(METRICS), {cache: 825004 + 11, etcd: 1000250 + 3});
  });

  it('says 0 and 0 for text without the counters', () => {
    assert.deepEqual(listSourcesIn('# nothing here\nprocess_cpu_seconds_total 1.5\n'), {cache: 0, etcd: 0});
  });

  it('counts what was served between two readings', () => {
    const after = METRICS.replace('} 825004', '} 826004').replace('} 1.00025e+06', '} 1.01025e+06');
    assert.deepEqual(listSourcesBetween(listSourcesIn(METRICS), listSourcesIn(after)), {cache: 1000, etcd: 10000});
  });
});
