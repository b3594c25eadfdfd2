// The tripline CLI from source in its own process, for tests that need a process-wide setting the test
// process cannot change (NODE_EXTRA_CA_CERTS is read once, at start-up). Run as
// `node --import tsx test/helpers/cli-child.ts ARGS`.
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv);
