import { describe, expect, it } from 'vitest';
import { progressLine } from '../src/progress-line.ts';

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

describe('progressLine', () => {
  it('rewrites one line in place on a terminal, at most every 200 ms, and ends it when done', () => {
    const stream = fakeStream(true);
    let time = 1_000;
    const line = progressLine({ stream, label: 'ingest', now: () => time });
    line.update('1 %');
    time += 100;
    line.update('2 %'); // too soon
    time += 100;
    line.update('3 %');
    line.done('100 % in 2s');
    expect(stream.written).toEqual([
      '\r\u001b[2Kingest: 1 %',
      '\r\u001b[2Kingest: 3 %',
      '\r\u001b[2Kingest: 100 % in 2s\n',
    ]);
  });

  it('prints whole lines to a file, the first at once and then every 10 s', () => {
    const stream = fakeStream(false);
    let time = 0;
    const line = progressLine({ stream, now: () => time });
    line.update('a');
    time += 9_999;
    line.update('b');
    time += 1;
    line.update('c');
    line.done('d');
    expect(stream.written).toEqual(['a\n', 'c\n', 'd\n']);
  });

  it('takes other intervals', () => {
    const stream = fakeStream(false);
    let time = 0;
    const line = progressLine({ stream, fileEveryMs: 5_000, now: () => time });
    line.update('a');
    time += 5_000;
    line.update('b');
    expect(stream.written).toEqual(['a\n', 'b\n']);
  });
});
