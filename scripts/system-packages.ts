// CLI for the shared install step: node scripts/system-packages.ts start|test
// Installs the Debian packages that entry point needs when they are missing (as root), or stops
// with one message naming them and the command to run. .ci/run calls it; npm test and npm start
// run the same check themselves before doing anything else.
import { SystemPackagesError, ensureSystemPackages } from './setup/ensure-packages.ts';
import { PACKAGES_FOR, type PackagePurpose } from './setup/missing-packages.ts';

const purpose = process.argv[2] ?? 'test';
if (!Object.hasOwn(PACKAGES_FOR, purpose)) {
  console.error(
    `usage: node scripts/system-packages.ts ${Object.keys(PACKAGES_FOR).join('|')} (got "${purpose}")`,
  );
  process.exit(2);
}
try {
  ensureSystemPackages(PACKAGES_FOR[purpose as PackagePurpose], {
    log: (line) => console.log(`system packages: ${line}`),
  });
} catch (err) {
  if (!(err instanceof SystemPackagesError)) throw err;
  console.error(`system packages: ${err.message}`);
  process.exit(1);
}
