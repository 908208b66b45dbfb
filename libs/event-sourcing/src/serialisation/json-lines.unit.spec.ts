import { parseJsonLines } from './json-lines';

describe('parseJsonLines', () => {
  it('parses every line, escapes and multi-byte characters included', () => {
    const lines = [{ a: 'x\ny "q" \\ 😀' }, [1, null], 'text', 2.5];
    const bytes = Buffer.from(lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    expect(parseJsonLines(bytes)).toEqual(lines);
    // A slice of a larger buffer (as COPY's blocks are) reads only its own bytes.
    const framed = Buffer.concat([Buffer.from('junk'), bytes, Buffer.from('junk')]);
    expect(parseJsonLines(framed.subarray(4, 4 + bytes.length))).toEqual(lines);
    expect(parseJsonLines(Buffer.alloc(0))).toEqual([]);
  });
});
