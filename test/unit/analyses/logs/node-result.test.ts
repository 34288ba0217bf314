import assert from 'node:assert/strict';
import {configProblem, judgeLogAnswer, judgeNode, queryWorthSending} from '../../../../src/analyses/logs/node-result.js';

const ok = (body: string, status = 200) => ({kind: 'answer' as const, status, body});
const configz = (cfg: object) => ok(JSON.stringify({kubeletconfig: cfg}));
const PS_ERROR = (id: string) =>
  `Get-WinEvent : x\r\nAt line:1 char:1\r\n+ Get-WinEvent\r\n+ ~~~\r\n    + CategoryInfo          : InvalidArgument: (:) [Get-WinEvent], Exception\r\n    + FullyQualifiedErrorId : ${id},Microsoft.PowerShell.Commands.GetWinEventCommand\r\n \r\n`;

describe('logs: one node judged (node-result.ts)', () => {
  it('configz: handler off, query off, or fine', () => {
    assert.equal(configProblem({enableSystemLogHandler: false, enableSystemLogQuery: true})?.status, 'handler-disabled');
    assert.equal(configProblem({enableDebuggingHandlers: false})?.status, 'handler-disabled');
    assert.equal(configProblem({enableSystemLogHandler: true})?.status, 'query-disabled');
    assert.equal(configProblem({enableSystemLogHandler: true, enableSystemLogQuery: true}), undefined);
    assert.equal(configProblem(undefined), undefined);
  });
  it('the query is not sent when configz says it cannot work, or the node is silent', () => {
    assert.equal(queryWorthSending(configz({enableSystemLogHandler: true})), false);
    assert.equal(queryWorthSending({kind: 'no-answer', afterMs: 1000}), false);
    assert.equal(queryWorthSending(ok('{"message":"forbidden"}', 403)), false);
    assert.equal(queryWorthSending(ok('404 page not found', 404)), true);
    assert.equal(queryWorthSending(configz({enableSystemLogHandler: true, enableSystemLogQuery: true})), true);
  });
  it('entries: CRLF removed, blank edges trimmed', () => {
    const item = judgeLogAnswer('n', ok('\r\n   ProviderName: containerd\r\n\r\nrow 1\r\n\r\n\r\n'));
    assert.deepEqual(item, {node: 'n', status: 'ok', lines: ['   ProviderName: containerd', '', 'row 1']});
  });
  it("PowerShell's errors and the kubelet's messages in a 200 answer", () => {
    assert.equal(judgeLogAnswer('n', ok(PS_ERROR('LogsAndProvidersDontOverlap'))).status, 'channel-unreachable');
    assert.equal(judgeLogAnswer('n', ok(PS_ERROR('NoMatchingEventsFound'))).status, 'no-entries');
    assert.equal(
      judgeLogAnswer('n', ok('\noptions present and query resolved to log files for [kubelet]\ntry without specifying options\n')).status,
      'file-with-options',
    );
    assert.equal(judgeLogAnswer('n', ok('\nlog not found for foo\n')).status, 'log-not-found');
    assert.equal(judgeLogAnswer('n', ok('<!doctype html>\n<meta name="viewport" content="width=device-width">\n<pre>\n</pre>\n')).status, 'query-disabled');
  });
  it('error statuses: 405 disabled, 400/406 refused with the message, 403, others', () => {
    assert.equal(judgeLogAnswer('n', ok('logs endpoint is disabled.\n', 405)).status, 'handler-disabled');
    assert.deepEqual(judgeLogAnswer('n', ok('path not allowed in query mode\n', 406)), {
      node: 'n',
      status: 'query-refused',
      lines: [],
      message: 'path not allowed in query mode',
    });
    assert.equal(judgeLogAnswer('n', ok('{"kind":"Status","message":"nodes \\"n\\" is forbidden"}', 403)).status, 'forbidden');
    assert.equal(
      judgeLogAnswer('n', ok('{"kind":"Status","message":"error trying to reach service: dial tcp"}', 503)).message,
      'HTTP 503: error trying to reach service: dial tcp',
    );
    assert.equal(judgeLogAnswer('n', {kind: 'no-answer', afterMs: 2000}).message, 'no answer within 2s (--timeout)');
  });
  it('judgeNode: denied first, then configz, then the answer', () => {
    assert.equal(judgeNode('n', {denied: true}).status, 'forbidden');
    assert.equal(judgeNode('n', {denied: false, configz: configz({enableSystemLogHandler: false}), logs: ok('x')}).status, 'handler-disabled');
    assert.equal(judgeNode('n', {denied: false, configz: ok('nope', 404), logs: ok('row')}).status, 'ok');
  });
});
