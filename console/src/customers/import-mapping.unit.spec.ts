import { guessMapping, headerOf } from './import-mapping';

describe('import column mapping', () => {
  it('reads the header of the first line, without a byte-order mark or quotes', () => {
    expect(headerOf('\uFEFF"First Name",last_name,E-mail\r\nAda,Lovelace,ada@example.com')).toEqual(
      ['First Name', 'last_name', 'E-mail'],
    );
    expect(headerOf('a;b', ';')).toEqual(['a', 'b']);
    expect(headerOf('')).toEqual([]);
  });

  it('maps namesakes and usual aliases, and ignores the rest', () => {
    expect(guessMapping(['First Name', 'surname', 'E-mail', 'Mobile', 'shoe size'])).toEqual([
      { column: 'First Name', target: 'firstName' },
      { column: 'surname', target: 'lastName' },
      { column: 'E-mail', target: 'email' },
      { column: 'Mobile', target: 'phone' },
      { column: 'shoe size', target: 'ignore' },
    ]);
  });
});
