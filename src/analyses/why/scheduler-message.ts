// The kube-scheduler's FailedScheduling message, read as the histogram it is. FitError.Error()
// (kubernetes/kubernetes pkg/scheduler/framework/types.go, v1.34-v1.37) writes
// "0/<all nodes> nodes are available: <PreFilterMsg>. <FilterMsg>. <PostFilterMsg>.", where the
// filter part is "<count> <reason>" per distinct reason, sorted as strings and joined by ", "; one
// node can give several reasons (Insufficient cpu and Insufficient memory), so the counts may add up
// to more than the nodes. The PostFilter part ("preemption: ...") repeats the count for preemption.

export interface SchedulerReason {
  /** How many nodes gave this reason. */
  nodes: number;
  reason: string;
}

interface FitErrorMessage {
  allNodes: number;
  reasons: SchedulerReason[];
}

const HEAD = /^0\/(\d+) nodes are available: /;
// A reason runs to the next ", <count> " or to the ". " (or final ".") that ends the filter part;
// reasons hold no ", " and no ". " (a taint key's dots are followed by a letter).
const REASON = /(\d+) (.+?)(?=, \d+ |\.(?: |$))/y;

/** The per-reason node counts of a FitError message; undefined for any other text. */
export function parseFitError(message: string): FitErrorMessage | undefined {
  const head = HEAD.exec(message);
  if (!head) return undefined;
  const reasons: SchedulerReason[] = [];
  REASON.lastIndex = head[0].length;
  for (let m = REASON.exec(message); m; m = REASON.exec(message)) {
    reasons.push({nodes: Number(m[1]), reason: m[2]});
    if (!message.startsWith(', ', REASON.lastIndex)) break;
    REASON.lastIndex += 2;
  }
  return {allNodes: Number(head[1]), reasons};
}
