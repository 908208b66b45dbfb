// Fails fast, with a message a newcomer can act on, when a script runs on the wrong Node.
// The project pins Node 24 LTS through the `node` npm package (node_modules/.bin/node).
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  console.error(
    `This project runs on Node 24 LTS, but this is Node ${process.versions.node} (${process.execPath}).\n` +
      'Run it through npm scripts (they put node_modules/.bin first on PATH) after `npm install`, ' +
      'or call node_modules/.bin/node directly.',
  );
  process.exit(1);
}
