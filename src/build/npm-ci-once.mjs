// `npm ci` in the current folder unless its node_modules was installed, by this script, from the very same
// package.json and package-lock.json. Every build runs it (the pom's frontend-maven-plugin executions, through
// `npm run ci-once`); a full `npm ci` deletes node_modules and costs tens of seconds each time.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const STAMP = 'node_modules/.ci-once';

const hash = createHash('sha256');
for (const file of ['package.json', 'package-lock.json']) {
  hash.update(readFileSync(file));
}
const wanted = hash.digest('hex');

if (existsSync(STAMP) && readFileSync(STAMP, 'utf8') === wanted) {
  console.log(`node_modules was installed from this package-lock.json: no npm ci in ${process.cwd()}`);
} else {
  // npm_execpath: the npm that runs this script (the build's pinned one)
  execFileSync(process.execPath, [process.env.npm_execpath, 'ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  writeFileSync(STAMP, wanted);
}
