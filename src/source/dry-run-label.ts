// The dryRunLabelNamespace capability: what `kubectl label --dry-run=server --overwrite ns NS ...`
// does. A merge PATCH of the namespace's labels with dryRun=All (nothing is stored), returning the
// apiserver's warnings: Pod Security Admission's verdict on the pods already in the namespace
// (kubernetes/pod-security-admission admission/admission.go ValidateNamespace, EvaluatePodsInNamespace).
import type {KubeClient} from './kube-client.js';

/** Splits Warning header values (RFC 7234 5.5: `299 - "text"`, several comma-separated) into texts. */
export function parseWarningHeaders(values: string | string[] | undefined): string[] {
  const out: string[] = [];
  for (const value of Array.isArray(values) ? values : values === undefined ? [] : [values]) {
    let i = 0;
    while (i < value.length) {
      // warn-code SP warn-agent SP quoted-string [SP warn-date]
      const m = /^\s*,?\s*(\d{3})\s+(\S+)\s+"/.exec(value.slice(i));
      if (!m) break;
      i += m[0].length;
      let text = '';
      while (i < value.length && value[i] !== '"') {
        if (value[i] === '\\' && i + 1 < value.length) i++;
        text += value[i++];
      }
      i++; // closing quote
      const date = /^\s+"[^"]*"/.exec(value.slice(i));
      if (date) i += date[0].length;
      out.push(text);
    }
  }
  return out;
}

export function dryRunLabelNamespace(client: KubeClient): (namespace: string, labels: Record<string, string>) => Promise<string[]> {
  return async (namespace, labels) => {
    const res = await client.request(`/api/v1/namespaces/${encodeURIComponent(namespace)}`, {
      method: 'PATCH',
      query: {dryRun: 'All'},
      body: {metadata: {labels}},
      headers: {'Content-Type': 'application/merge-patch+json'},
      idempotent: true,
    });
    return parseWarningHeaders(res.headers.warning);
  };
}
