import { parseBaseBackupProgress } from './backup';

describe('parseBaseBackupProgress', () => {
  it('reads the last "done/total kB" of pg_basebackup -P output', () => {
    expect(
      parseBaseBackupProgress(
        '  1024/56000 kB (1%), 0/1 tablespace\r 28000/56000 kB (50%), 0/1 tablespace',
      ),
    ).toEqual({ done: 28000, total: 56000 });
  });

  it('ignores other lines', () => {
    expect(parseBaseBackupProgress('pg_basebackup: initiating base backup')).toBeUndefined();
  });
});
