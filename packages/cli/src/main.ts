/**
 * `stackport`: the command line. Same operations and error codes as the HTTP API; --json on every
 * command; data on stdout, messages on stderr; exit 0 ok, 1 runtime failure, 2 bad input or usage.
 * @module
 */
import { Command, CommanderError } from 'commander';
import { auditCommand, serveCommand, tokensCommand } from './commands/admin.js';
import { evaluateCommands } from './commands/evaluate.js';
import { fleetCommands } from './commands/fleet.js';
import { kycCommands } from './commands/kyc.js';
import { classifyCommands, determinationCommands } from './commands/licensing.js';
import { listsCommand } from './commands/lists.js';
import { locationCommands } from './commands/location.js';
import { modelsCommands } from './commands/models.js';
import { programCommands } from './commands/program.js';
import { hitsCommand, partiesCommand } from './commands/review.js';
import { screenCommand } from './commands/screen.js';
import { synthesisCommands } from './commands/synthesis.js';
import { addGlobalOptions } from './context.js';
import { EXIT } from './output.js';

export function buildProgram(): Command {
  const program = new Command('stackport')
    .description('Export compliance for the AI technology stack')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  addGlobalOptions(program);
  screenCommand(program);
  listsCommand(program);
  partiesCommand(program);
  hitsCommand(program);
  classifyCommands(program);
  determinationCommands(program);
  auditCommand(program);
  tokensCommand(program);
  serveCommand(program);
  locationCommands(program);
  fleetCommands(program);
  modelsCommands(program);
  evaluateCommands(program);
  synthesisCommands(program);
  kycCommands(program);
  programCommands(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version exit 0; every other commander error is a usage error.
    process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else throw err;
}
