/** The field selector of SnapshotRequest.events (its read and its -w watch): kube-apiserver serves `type` as an event field selector. */
export const WARNING_EVENTS = 'type=Warning';
