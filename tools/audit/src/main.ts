// Entry point of `npm run audit -- <command>`.
import { runAuditCli } from './audit-cli';

void runAuditCli(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
}).then((code) => {
  process.exitCode = code;
});
